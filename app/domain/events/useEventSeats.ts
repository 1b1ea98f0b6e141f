// Live seats of one event: joins `event:<id>` on every (re)connect, keeps the newest
// `event:registrations` (by `version`: updates may overtake each other on the way), and after a
// reconnect asks the page to reload, since changes made meanwhile were missed. A notification
// about this event (moved up from the waitlist, selected by the draw) also reloads the page.
import { useEffect, useRef, useState } from "react";
import type { Ack } from "~/realtime/contract";
import { getSocket } from "~/realtime/socket";
import type { SeatsDto } from "./types";

export function useEventSeats(
  eventId: string,
  initial: SeatsDto,
  handlers: { onResync?: () => void; onMine?: () => void; onChange?: (s: SeatsDto) => void } = {},
) {
  const [seats, setSeats] = useState<SeatsDto>(initial);
  const [connected, setConnected] = useState<boolean | null>(null);
  const [joined, setJoined] = useState(false);
  const version = useRef(initial.version ?? 0);
  const h = useRef(handlers);
  h.current = handlers;

  // New loader data (after a form or a reload) is the truth as of now.
  const key = `${initial.eventId}:${initial.registered}:${initial.waitlisted}:${initial.capacity}`;
  useEffect(() => {
    setSeats(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    const socket = getSocket();
    const room = `event:${eventId}`;
    let joinedOnce = false;
    const onConnect = () => {
      setConnected(true);
      socket.emit("join", room, (ack: Ack) => {
        if (ack?.ok && joinedOnce) h.current.onResync?.();
        if (ack?.ok) joinedOnce = true;
        setJoined(Boolean(ack?.ok));
      });
    };
    const onDisconnect = () => {
      setConnected(false);
      setJoined(false);
    };
    const onSeats = (p: SeatsDto) => {
      if (p.eventId !== eventId) return;
      if (p.version !== undefined) {
        if (p.version <= version.current) return;
        version.current = p.version;
      }
      setSeats(p);
      h.current.onChange?.(p);
    };
    const onNotification = ({ notification }: { notification: { url: string } }) => {
      if (notification.url === `/events/${eventId}`) h.current.onMine?.();
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("event:registrations", onSeats);
    socket.on("notification", onNotification);
    if (socket.connected) onConnect();
    else socket.connect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("event:registrations", onSeats);
      socket.off("notification", onNotification);
      if (socket.connected) socket.emit("leave", room);
    };
  }, [eventId]);

  return { seats, connected, joined };
}
