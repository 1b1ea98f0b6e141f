import { notFound } from "~/.server/errors";
import { api } from "~/.server/http";

// Unknown API paths answer in the API's own error format.
const nothing = api(async () => {
  throw notFound();
});
export const loader = nothing;
export const action = nothing;
