// Any address no other route matches. Remix would answer such a URL with the root error boundary
// without running the root loader, so the page showed a signed-out header in Chinese whatever the
// reader's session and language; matching here first runs the root loader, then the 404 thrown
// below reaches the same boundary with the header, the language and the title intact.
export function loader(): never {
  throw new Response("Not Found", { status: 404 });
}

/** A form posted to an unknown address: 404 as for a visit, not 405. */
export const action = loader;

export default function NotFound() {
  return null;
}
