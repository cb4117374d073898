import { render } from "preact";
import { App } from "./app.js";
import { DEMO_USER, demoSession, loadSession, type Session, saveSession } from "./session.js";
import "./style.css";

interface PageConfig {
  /** Every provider runs on its embedded simulator (src/http/browser-pages.ts). */
  demo: boolean;
}

/**
 * `/?as=<user>` signs in as a demo user, in demo mode only; the name leaves the address bar
 * at once, and the session lives on in sessionStorage like any other.
 */
function signIn(config: PageConfig): { session?: Session; notice?: string } {
  const url = new URL(location.href);
  const as = url.searchParams.get("as");
  if (as === null) return { session: loadSession() };
  url.searchParams.delete("as");
  history.replaceState(null, "", url);
  if (!config.demo)
    return {
      session: loadSession(),
      notice:
        "Demo sign-in (?as=) works only when every vendor is simulated: enter your credentials instead.",
    };
  if (!DEMO_USER.test(as))
    return {
      session: loadSession(),
      notice: "?as= takes a demo user name of letters, digits, '.', '_' or '-'.",
    };
  const session = demoSession(as);
  saveSession(session);
  return { session };
}

async function start(): Promise<void> {
  const config = await fetch("/dashboard/config.json").then(
    (response) => (response.ok ? (response.json() as Promise<PageConfig>) : { demo: false }),
    () => ({ demo: false }),
  );
  const { session, notice } = signIn(config);
  render(
    <App demo={config.demo} initial={session} notice={notice} />,
    document.getElementById("app") as HTMLElement,
  );
}

void start();
