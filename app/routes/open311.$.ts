// Unknown Open311 addresses (services/:code.json is not served: every service has metadata
// false) answer 404 in Open311's error format.
import { AppError } from "~/.server/errors";
import { open311 } from "~/.server/open311/http";

const nothing = open311(async () => {
  throw new AppError("unknown_path", 404);
});
type Args = Parameters<typeof nothing>[0];
const unknownRoute = async (args: Args) => {
  const res = await nothing(args);
  res.headers.set("X-Unknown-Route", "1");
  return res;
};
export const loader = unknownRoute;
export const action = unknownRoute;
