/**
 * A browser reduced to what a redirect flow needs: a cookie jar per host, redirects followed one at a time (so that a
 * test can stop at any of them), and form posts.
 */
export class FlowBrowser {
  /** host:port → cookie name → value. Paths are ignored: sending a cookie too many never hides a bug here. */
  readonly jar = new Map<string, Map<string, string>>();

  cookies(url: string | URL): Map<string, string> {
    const host = new URL(url).host;
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const cookies = this.cookies(url);
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((a) => /^\s*(expires=Thu, 01 Jan 1970|max-age=0)/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  /** GETs `url` and follows redirects until `stop` says so (or there are no more); returns the last answer. */
  async follow(
    url: string | URL,
    stop: (url: URL) => boolean = () => false,
  ): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current);
      if (stop(current)) return { url: current, response };
    }
    throw new Error(`more than 20 redirects, last at ${current.href}`);
  }

  async postForm(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
}
