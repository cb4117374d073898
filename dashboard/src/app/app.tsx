import { useState } from "preact/hooks";
import { CredentialsForm } from "./credentials-form.js";
import { Dashboard } from "./dashboard.js";
import { clearSession, demoUserOf, saveSession, type Session } from "./session.js";

export interface AppProps {
  demo: boolean;
  initial?: Session;
  /** Said once at the top: why `?as=` did not sign in. */
  notice?: string;
}

export function App({ demo, initial, notice }: AppProps) {
  const [session, setSession] = useState(initial);
  const user = session && demoUserOf(session);
  return (
    <>
      <header class="top">
        <h1>
          LockGraph <span>who holds what</span>
        </h1>
        <p>
          {session
            ? user
              ? `Signed in as demo user ${user}`
              : "Signed in with your credentials"
            : "Not signed in"}
          {" · "}
          <a href="/graphiql">GraphiQL</a>
        </p>
      </header>
      <main>
        {notice && (
          <p role="alert" class="problem">
            {notice}
          </p>
        )}
        <CredentialsForm
          // A new session re-mounts the form with its values.
          key={session ? JSON.stringify(session) : "none"}
          session={session}
          demo={demo}
          onSignIn={(next) => {
            saveSession(next);
            setSession(next);
          }}
          onSignOut={() => {
            clearSession();
            setSession(undefined);
          }}
        />
        {session ? (
          <Dashboard key={JSON.stringify(session)} session={session} />
        ) : (
          <p>Enter a credential for at least one vendor to see the holds you may see there.</p>
        )}
      </main>
    </>
  );
}
