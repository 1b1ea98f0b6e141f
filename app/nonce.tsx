// The request's CSP nonce (server/app.ts makes one per request): entry.server.tsx provides it,
// the document's scripts carry it. In the browser there is none to read (browsers hide it), and
// none is needed after the first render.
import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
