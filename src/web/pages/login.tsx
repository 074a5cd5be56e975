import { useState } from "preact/hooks";
import { api, ApiError } from "../api.js";
import type { Me } from "../session.js";

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ user: Me["user"]; permissions: string[] }>("POST", "/auth/login", { user, password });
      onSignedIn({ user: answer.user, permissions: answer.permissions });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? "Wrong user name or password." : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">opcua-mes</h1>
        <p class="muted">Sign in with your MES account.</p>
        <label>
          User
          <input name="user" autocomplete="username" value={user} onInput={(e) => setUser((e.target as HTMLInputElement).value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} required />
        </label>
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}
