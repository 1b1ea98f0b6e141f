import { notFound } from "~/.server/errors";
import { api } from "~/.server/http";

// Unknown API paths answer in the API's own error format.
const nothing = api(async () => {
  throw notFound();
});
type Args = Parameters<typeof nothing>[0];
// Marked, so that a missing route can be told from a missing object (the OpenAPI contract test).
const unknownRoute = async (args: Args) => {
  const res = await nothing(args);
  res.headers.set("X-Unknown-Route", "1");
  return res;
};
export const loader = unknownRoute;
export const action = unknownRoute;
