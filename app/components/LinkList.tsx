import { Link } from "@remix-run/react";

export interface LinkItem {
  key: string;
  to: string;
  title: React.ReactNode;
  meta?: React.ReactNode;
}

/** A list of linked titles with a line of detail under each, or the empty text. */
export function LinkList({ items, empty }: { items: LinkItem[]; empty: string }) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="thread-list">
      {items.map((it) => (
        <li key={it.key} className="thread-item">
          <div>
            <Link to={it.to} className="thread-item__title">
              {it.title}
            </Link>
            {it.meta ? <p className="thread-item__meta meta">{it.meta}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
