/** Development only: choose who to be. The API decides whether this screen can exist at all. */
import type { Me } from "../types.ts";

export function SignIn({ me, onPick }: { me: Me; onPick: (email: string) => void }) {
  const users = me.devUsers ?? [];
  return (
    <main id="main" class="signin">
      <h1>lease-bot</h1>
      <p>
        Development sign-in. This server honours development identities (ENVIRONMENT=development); in
        production Cloudflare Access identifies you and this screen does not exist.
      </p>
      {me.problem && devUsers(me) ? <p class="muted">Not signed in: {me.problem}</p> : null}
      <ul class="pick">
        {users.map((u) => (
          <li key={u.email}>
            <button type="button" onClick={() => onPick(u.email)}>
              Sign in as {u.email} <span class="role">{u.role}</span>
            </button>
          </li>
        ))}
      </ul>
      {users.length === 0 ? <p>No users yet: add one to the users table (see the README).</p> : null}
    </main>
  );
}

const devUsers = (me: Me) => (me.devUsers?.length ?? 0) > 0;
