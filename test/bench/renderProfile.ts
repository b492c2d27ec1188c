import { PROFILE_CATEGORIES } from "./profileCategory.js";
import type { ProfilePath, ProfileResult } from "./sectionProfile.js";

const fixed: readonly string[] = PROFILE_CATEGORIES;

/** Fixed rows first, then src/ folders, then other packages and the rest, each group by the larger of the two columns. */
function orderedCategories(paths: ReadonlyArray<ProfilePath | undefined>): string[] {
  const ms = new Map<string, number>();
  for (const p of paths) for (const c of p?.categories ?? []) ms.set(c.category, Math.max(ms.get(c.category) ?? 0, c.msPerDashboard));
  const rest = [...ms.keys()].filter((c) => !fixed.includes(c));
  const byMs = (a: string, b: string) => (ms.get(b) ?? 0) - (ms.get(a) ?? 0);
  return [...fixed, ...rest.filter((c) => c.startsWith("src/")).sort(byMs), ...rest.filter((c) => !c.startsWith("src/")).sort(byMs)];
}

function cell(path: ProfilePath | undefined, category: string): string {
  if (!path) return "— | —";
  const c = path.categories.find((x) => x.category === category);
  return c ? `${c.msPerDashboard.toFixed(2)} | ${(100 * c.share).toFixed(1)} %` : "0 | —";
}

function describe(label: string, r: ProfileResult | null): string {
  return r ? `${label}: commit ${r.commit}${r.srcChanged ? " with uncommitted src/ changes" : ""}, ${r.when.slice(0, 10)}, Node ${r.node}` : `${label}: not recorded`;
}

/**
 * The profile split as Markdown: for the uncached and the cached dashboard, Coffer's CPU by
 * category in ms per dashboard and share of the profiled busy time, before (the recorded
 * test/bench/results/profile-before.json) and after (this run), then this run's top functions.
 */
export function renderProfile(after: ProfileResult, before: ProfileResult | null): string {
  const out: string[] = [];
  out.push(`${describe("Before", before)}. ${describe("After", after)}. Sampling every ${after.intervalUs} µs; latency ${after.latencyMs} ms.`, ``);
  for (const key of ["uncached", "cached"] as const) {
    const a = after[key];
    const b = before?.[key];
    const title = key === "uncached" ? "Uncached dashboard (every snapshot expired before each)" : "Cached dashboard (every snapshot fresh)";
    out.push(`### ${title}`, ``);
    const totals = (p: ProfilePath | undefined) =>
      p
        ? `${p.procCpuMsPerDashboard.toFixed(2)} ms CPU per dashboard (/proc, all threads), ${p.profiledMsPerDashboard.toFixed(2)} ms main-thread busy in the profile, ${p.dashboards} dashboards`
        : "—";
    out.push(`Before: ${totals(b)}. After: ${totals(a)}.`, ``);
    out.push(`| category | before ms/dashboard | before share | after ms/dashboard | after share |`, `|---|---|---|---|---|`);
    for (const category of orderedCategories([a, b])) {
      const present = (p: ProfilePath | undefined) => p?.categories.some((c) => c.category === category) ?? false;
      if (!present(a) && !present(b)) continue;
      out.push(`| ${category} | ${cell(b, category)} | ${cell(a, category)} |`);
    }
    out.push(
      ``,
      `Top functions after (self time, ms per dashboard): ${a.topFunctions
        .slice(0, 10)
        .map((f) => `\`${f.fn}\` ${f.msPerDashboard.toFixed(2)}`)
        .join(", ")}.`,
      ``,
    );
  }
  return out.join("\n");
}
