/**
 * The one way the app talks to the API: JSON in and out, the bearer token from the session,
 * and problem+json answers turned into `ApiError` values the pages can show field by field.
 */
import { clearSession, currentSession } from "../auth/session.ts";

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** An answer other than 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(title);
    this.name = "ApiError";
  }

  get isNetwork() {
    return this.status === 0;
  }
}

let base = "";

export function setApiBase(url: string) {
  base = url.replace(/\/$/, "");
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly token?: string;
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const token = options.token ?? currentSession()?.token;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && !options.token) clearSession();
    const p = (data ?? {}) as { title?: string; detail?: string; errors?: FieldProblem[] };
    throw new ApiError(res.status, p.detail ?? p.title ?? res.statusText, p.errors ?? []);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    request<T>("POST", path, { body, ...(headers ? { headers } : {}) }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
};

/** GET that answers `undefined` for 404: endpoints another team is still building. */
export async function getOptional<T>(path: string): Promise<T | undefined> {
  try {
    return await api.get<T>(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return undefined;
    throw e;
  }
}

export function apiUrl(path: string) {
  return `${base}${path}`;
}
