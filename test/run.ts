// `npm test`: type check, build, unit + integration + Socket.IO tests (Vitest), then the
// Playwright e2e suite in Chromium. The last line is "N passed, N failed" over all of them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const results = "test/.results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const problems: string[] = [];

function run(label: string, cmd: string, args: string[]) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  return r.status === 0;
}

function step(label: string, ok: boolean) {
  if (ok) passed += 1;
  else {
    failed += 1;
    problems.push(label);
  }
}

step("type check", run("type check", "npx", ["tsc", "--noEmit", "-p", "."]));
const built = run("build", "npx", ["remix", "vite:build"]);
step("build", built);

if (built) {
  run("unit, integration and realtime tests", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${results}/vitest.json`,
  ]);
  if (existsSync(`${results}/vitest.json`)) {
    const v = JSON.parse(readFileSync(`${results}/vitest.json`, "utf8"));
    passed += v.numPassedTests ?? 0;
    failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites ?? 0);
    if (v.numFailedTests || v.numFailedTestSuites) problems.push("vitest");
    if (!v.numTotalTests) step("vitest ran no test", false);
  } else step("vitest produced no report", false);

  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.error(
      `\n✗ No Chromium at ${chromium}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary; Playwright's own browser download is not used.`,
    );
    step("e2e (no Chromium)", false);
  } else {
    run("end-to-end tests in Chromium", "npx", ["playwright", "test"]);
    const file = `${results}/e2e.json`;
    if (existsSync(file)) {
      const e = JSON.parse(readFileSync(file, "utf8"));
      const s = e.stats ?? {};
      passed += (s.expected ?? 0) + (s.flaky ?? 0);
      failed += s.unexpected ?? 0;
      if (s.unexpected) problems.push("e2e");
      if (!s.expected && !s.unexpected) step("e2e ran no test", false);
      if (e.errors?.length) step("e2e setup", false);
    } else step("e2e produced no report", false);
  }
}

console.log("");
if (problems.length) console.log(`Failed: ${problems.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
