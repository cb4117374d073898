import { useState } from "preact/hooks";
import type { LockGraphCredentials } from "../../../client/authorization.js";
import { HEADER_NAMES } from "../../../client/headers.js";
import { DEMO_USER, demoSession, hasAnyCredential, type Session } from "./session.js";
import { VENDORS } from "./vendors.js";

export interface CredentialsFormProps {
  session?: Session;
  demo: boolean;
  onSignIn(session: Session): void;
  onSignOut(): void;
}

/**
 * One credential per vendor, sent as that vendor's header (client/headers.ts) and kept in
 * sessionStorage only. In demo mode a demo user name is enough: the simulators take
 * `Bearer <user>` as that user.
 */
export function CredentialsForm({ session, demo, onSignIn, onSignOut }: CredentialsFormProps) {
  const [credentials, setCredentials] = useState<LockGraphCredentials>(session?.credentials ?? {});
  const [operatorToken, setOperatorToken] = useState(session?.operatorToken ?? "");
  const [demoUser, setDemoUser] = useState("");
  const [problem, setProblem] = useState<string>();
  const set = (key: keyof LockGraphCredentials, value: string) =>
    setCredentials((previous) => ({ ...previous, [key]: value.trim() }));

  const field = (key: keyof LockGraphCredentials, label: string, placeholder: string) => (
    <p class="field" key={key}>
      <label for={`credential-${key}`}>{label}</label>
      <input
        id={`credential-${key}`}
        // Preact's types narrow attributes by type, so the variable type is spread in.
        {...(key === "kooDriveUserId" ? { type: "text" as const } : { type: "password" as const })}
        autocomplete="off"
        spellcheck={false}
        placeholder={placeholder}
        value={credentials[key] ?? ""}
        aria-describedby={`header-${key}`}
        onInput={(event) => set(key, event.currentTarget.value)}
      />
      <small id={`header-${key}`}>sent as {HEADER_NAMES[key]}</small>
    </p>
  );

  return (
    <details class="credentials" open={!session}>
      <summary>Credentials</summary>
      {demo && (
        <form
          class="demo"
          aria-label="Demo sign-in"
          onSubmit={(event) => {
            event.preventDefault();
            if (!DEMO_USER.test(demoUser))
              return setProblem("A demo user is a name of letters, digits, '.', '_' or '-'.");
            setProblem(undefined);
            onSignIn(demoSession(demoUser));
          }}
        >
          <p>Every vendor runs on LockGraph's simulator: sign in as any demo user (such as alice or bob).</p>
          <p class="field">
            <label for="demo-user">Demo user</label>
            <input
              id="demo-user"
              value={demoUser}
              onInput={(event) => setDemoUser(event.currentTarget.value.trim())}
            />
          </p>
          <button type="submit">Sign in as demo user</button>
        </form>
      )}
      <form
        aria-label="Vendor credentials"
        onSubmit={(event) => {
          event.preventDefault();
          const next: Session = { credentials, ...(operatorToken ? { operatorToken } : {}) };
          if (!hasAnyCredential(next)) return setProblem("Enter a credential for at least one vendor.");
          setProblem(undefined);
          onSignIn(next);
        }}
      >
        <p>
          Each vendor gets your own credential for it. They stay in this browser tab (sessionStorage) until
          you sign out.
        </p>
        {VENDORS.map((vendor) => (
          <fieldset key={vendor.provider}>
            <legend>{vendor.name}</legend>
            {field(vendor.credential, `${vendor.name} credential`, "Bearer …")}
            {vendor.provider === "KOODRIVE" && field("kooDriveUserId", "KooDrive user id", "user id")}
          </fieldset>
        ))}
        <fieldset>
          <legend>Operator (optional)</legend>
          <p class="field">
            <label for="operator-token">Operator token</label>
            <input
              id="operator-token"
              type="password"
              autocomplete="off"
              value={operatorToken}
              onInput={(event) => setOperatorToken(event.currentTarget.value.trim())}
            />
          </p>
        </fieldset>
        <div class="buttons">
          <button type="submit">Save credentials</button>
          {session && (
            <button
              type="button"
              onClick={() => {
                setCredentials({});
                setOperatorToken("");
                onSignOut();
              }}
            >
              Sign out
            </button>
          )}
        </div>
      </form>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
    </details>
  );
}
