/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "./session.ts";

/** The console sections a signed-in credential may open (each decided by its tRPC procedures). */
export interface Sections {
  customers: boolean;
  tenants: boolean;
  credentials: boolean;
  stores: boolean;
  retailers: boolean;
}

export interface Chrome {
  /** null on the sign-in page. */
  signedIn: { tenant: string; credentialId: string; sections: Sections } | null;
  csrf: string;
}

export const NAV: { key: keyof Sections; href: string; label: string }[] = [
  { key: "customers", href: "/admin/customers", label: "Customers" },
  { key: "tenants", href: "/admin/tenants", label: "Tenants" },
  { key: "credentials", href: "/admin/credentials", label: "Credentials" },
  { key: "stores", href: "/admin/stores", label: "Magento store codes" },
  { key: "retailers", href: "/admin/retailers", label: "Fluent retailers" },
];

export const Csrf = ({ token }: { token: string }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

export function Layout(props: { title: string; chrome: Chrome; children?: Child }) {
  const s = props.chrome.signedIn;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Customer Gateway admin`}</title>
        <link rel="stylesheet" href="/admin/console.css" />
      </head>
      <body>
        <header>
          <strong>Customer Gateway</strong>
          <nav aria-label="Sections">
            {s
              ? NAV.filter((n) => s.sections[n.key]).map((n) => <a href={n.href}>{n.label}</a>)
              : null}
          </nav>
          {s ? (
            <form method="post" action="/admin/sign-out">
              <Csrf token={props.chrome.csrf} />
              <span class="muted">{`tenant ${s.tenant} `}</span>
              <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export const ErrorBox = ({ message }: { message: string | null | undefined }) =>
  message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;

export const Json = ({ value }: { value: unknown }) => <pre>{JSON.stringify(value, null, 2)}</pre>;

/** A compact rendering of a change's before or after value. */
export const valueText = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

export function SignInPage(props: { chrome: Chrome; error?: string | undefined }) {
  return (
    <Layout title="Sign in" chrome={props.chrome}>
      <ErrorBox message={props.error} />
      <form method="post" action="/admin/sign-in">
        <Csrf token={props.chrome.csrf} />
        <fieldset>
          <label>
            Internal credential secret{" "}
            <input
              type="password"
              name="secret"
              autocomplete="current-password"
              required
              size={60}
            />
          </label>
          <button type="submit">Sign in</button>
        </fieldset>
      </form>
      <p class="muted">
        A secret of an <code>internal</code> credential (
        <code>cg credentials create --dialect internal</code>). What you see depends on its scopes.
      </p>
    </Layout>
  );
}

export function MessagePage(props: { chrome: Chrome; title: string; message: string }) {
  return (
    <Layout title={props.title} chrome={props.chrome}>
      <p>{props.message}</p>
      <p>
        <a href={props.chrome.signedIn ? "/admin" : "/admin/sign-in"}>Back</a>
      </p>
    </Layout>
  );
}

/** A plain table: its header cells and, per row, its cells in the same order. */
export function Table(props: {
  head: string[];
  rows: Child[][];
  /** Attributes of each body row, by index (`class`, `data-*`), where a row needs them. */
  rowAttrs?: Record<string, string>[];
}) {
  return (
    <table>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((cells, i) => (
          <tr {...(props.rowAttrs?.[i] ?? {})}>
            {cells.map((cell) => (
              <td>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
