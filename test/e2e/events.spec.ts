// Meetups in real browsers: two people on one event page; one registers through the page and
// the other sees the seats change live, without a reload; the check-in code appears; a
// cancellation moves the waitlist up and both pages follow.
import { expect, test } from "@playwright/test";
import { api, closeAll, demo, loginDemo, marker, signedInContext } from "./support";

const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

test("seats count live: one registers, the other sees it; a cancellation promotes the waitlist", async ({ browser }) => {
  const organiser = await loginDemo(demo.official);
  const alice = await loginDemo(demo.citizen3);
  const bob = await loginDemo(demo.citizen4);
  const carol = await loginDemo(demo.citizen2);
  const dave = await loginDemo(demo.citizen);
  const created = await api("/events", {
    token: organiser.token,
    body: {
      kind: "meetup",
      title: `网友见面会：老城区停车 ${marker("e2e")}`,
      description: "议程：停车难问题交流",
      startsAt: at(72),
      endsAt: at(74),
      registrationClosesAt: at(48),
      place: "源城区图书馆报告厅",
      capacity: 2,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.event.id as string;

  const ctxA = await signedInContext(browser, alice);
  const ctxB = await signedInContext(browser, bob);
  try {
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await Promise.all([a.goto(`/events/${id}`), b.goto(`/events/${id}`)]);
    // Both pages have joined event:<id>.
    await expect(a.locator('.ev-seats[data-live="joined"]')).toBeVisible();
    await expect(b.locator('.ev-seats[data-live="joined"]')).toBeVisible();
    await expect(b.getByTestId("event-seats")).toHaveText("剩余 2 个名额（共 2 个）");
    await b.evaluate(() => ((window as any).__sameDocument = true));

    // Alice registers through the page.
    await a.getByTestId("register-button").click();
    await expect(a.getByTestId("my-registration")).toHaveAttribute("data-status", "registered");
    await expect(a.getByTestId("check-in-code")).toHaveText(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    // Bob sees the seat go, live.
    await expect(b.getByTestId("event-seats")).toHaveText("剩余 1 个名额（共 2 个）", { timeout: 2000 });

    // Carol takes the last seat (API), Dave joins the waitlist: Bob's button becomes "join the waitlist".
    expect((await api(`/events/${id}/registrations`, { token: carol.token, method: "POST" })).body.registration.status).toBe("registered");
    await expect(b.getByTestId("event-seats")).toHaveText("名额已满，可报名候补", { timeout: 2000 });
    await expect(b.getByTestId("register-button")).toHaveText("加入候补名单");
    expect((await api(`/events/${id}/registrations`, { token: dave.token, method: "POST" })).body.registration.status).toBe("waitlisted");
    await expect(b.getByTestId("event-seats")).toHaveText("名额已满，1 人候补中", { timeout: 2000 });
    await expect(a.getByTestId("event-seats")).toHaveText("名额已满，1 人候补中", { timeout: 2000 });

    // Alice gives up her seat: Dave moves up at once; both pages follow.
    await a.getByText("取消报名").click();
    await a.getByRole("button", { name: "确认" }).click();
    await expect(a.getByTestId("my-registration")).toHaveAttribute("data-status", "none");
    await expect(b.getByTestId("event-seats")).toHaveText("名额已满，可报名候补", { timeout: 2000 });
    await expect(b.getByTestId("event-seats")).toHaveAttribute("data-waitlisted", "0");
    expect((await api(`/events/${id}/registrations/me`, { token: dave.token })).body.registration.status).toBe("registered");
    expect(await b.evaluate(() => (window as any).__sameDocument)).toBe(true);
  } finally {
    await closeAll(ctxA, ctxB);
  }
});
