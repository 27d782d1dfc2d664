// Plays the browser in the PKCE sign-in against the fake OpenRouter: opens the
// authorization URL once, without following the redirect.

export interface AuthorizeResult {
  status: number;
  /** The redirect target (with callback_url). */
  location?: string;
  /** The code: from the redirect's query, or from the page's element id="code". */
  code?: string;
  /** The page (without callback_url). */
  html?: string;
}

export async function openAuthUrl(url: string): Promise<AuthorizeResult> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location') ?? undefined;
  if (location !== undefined) {
    await res.arrayBuffer();
    return { status: res.status, location, code: new URL(location).searchParams.get('code') ?? undefined };
  }
  const text = await res.text();
  if (!/^text\/html/.test(res.headers.get('content-type') ?? '')) return { status: res.status };
  const code = /<code id="code">([^<]*)<\/code>/.exec(text)?.[1];
  return { status: res.status, html: text, code };
}

/** The code for an authorization URL, or an error naming the status. */
export async function authorize(url: string): Promise<string> {
  const r = await openAuthUrl(url);
  if (r.code === undefined) throw new Error(`no code from the authorization page (HTTP ${r.status})`);
  return r.code;
}
