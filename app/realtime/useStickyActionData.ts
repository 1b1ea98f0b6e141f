// A form's result that outlives live revalidations. React Router drops `actionData` on any
// revalidation that does not follow a submission, so a page that reloads its data when a socket
// event arrives (the case page, the workbench, notifications) would lose a field error or a
// "done" message the moment someone else acts. This keeps the last result for the current
// address until the next submission starts.
import { useActionData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

export function useStickyActionData<T>(): T | undefined {
  const data = useActionData<T>() as T | undefined;
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const [kept, setKept] = useState<{ data: T; pathname: string } | null>(data === undefined ? null : { data, pathname });
  useEffect(() => {
    if (data !== undefined) setKept({ data, pathname });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  const submitting = navigation.state === "submitting";
  useEffect(() => {
    if (submitting) setKept(null);
  }, [submitting]);
  if (submitting) return undefined;
  if (data !== undefined) return data;
  return kept && kept.pathname === pathname ? kept.data : undefined;
}
