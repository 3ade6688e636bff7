// The seeded scenario: which dossiers arrive when (working days, office hours, 2020 calendar),
// for which procedure, and what each officer does to it and when. Pure: same seed, same plan.
// Every resolved dossier's result is issued before its deadline (none goes overdue); some need a
// supplement; some run close enough to their deadline that the agency apologises (Form 04) and
// then makes it; `inProgress` dossiers arrive on the last days and are still being handled at the
// period's end (well within their time).
'use strict';

/** Share of the district's dossiers per field (weights; the article gives only the total). */
const FIELD_WEIGHTS = { TP: 30, TNMT: 20, LDTBXH: 15, TCKH: 12, CT: 5, VHXH: 5, NV: 4, GDDT: 5, NNPTNT: 1, TT: 3 };

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const localDay = (date) => new Date(`${date}T00:00:00+07:00`);

function workingDays(calendar, from, to) {
  const days = [];
  for (let t = localDay(from).getTime(); t <= localDay(to).getTime(); t += 86_400_000) {
    const date = new Date(t + 7 * 3600_000).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(date)) days.push(date);
  }
  return days;
}

function stepsOf(workflows, procedureCode) {
  const wf =
    workflows.workflows.find((w) => w.procedures.includes(procedureCode)) ||
    workflows.workflows.find((w) => w.id === workflows.defaultWorkflow);
  return wf.steps;
}

/**
 * @returns {{ days: string[], dossiers: object[], actions: object[] }} actions sorted by time;
 * each action: { at: Date, n (dossier index), kind, ... }.
 */
function buildPlan({
  calendar,
  catalogue,
  workflows,
  seed = 2020,
  total = 1521,
  inProgress = 8,
  from = '2020-01-01',
  to = '2020-09-30',
  unitCode = 'TRUCNINH',
  level = 'district',
  channelShares = null,
}) {
  const rand = mulberry32(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const days = workingDays(calendar, from, to);
  const pool = catalogue.procedures.filter((p) => p.level === level);
  const byField = {};
  for (const p of pool) (byField[p.fieldCode] = byField[p.fieldCode] || []).push(p);
  const weights = Object.entries(FIELD_WEIGHTS).filter(([f]) => byField[f]);
  if (weights.length === 0) throw new Error(`plan: no ${level} procedure in the catalogue`);
  const weightTotal = weights.reduce((a, [, w]) => a + w, 0);
  const pickField = () => {
    let r = rand() * weightTotal;
    for (const [f, w] of weights) if ((r -= w) < 0) return f;
    return weights[0][0];
  };
  const at = (date, hours) => calendar.addWorkingHours(calendar.nextWorkingMoment(localDay(date)), hours);
  const lastDay = days[days.length - 1];
  const endLimit = at(lastDay, 6); // the last result of the period is issued by then
  const hoursBetween = (a, b) => calendar.workingHoursBetween(a, b);
  const plus = (t, h) => calendar.addWorkingHours(t, h);

  // Arrival days: the resolved ones spread over every working day but the last two; the ones
  // still in progress at the end arrive on the last two.
  const arrivals = [];
  for (let i = 0; i < total - inProgress; i++) arrivals.push({ day: days[Math.floor(rand() * (days.length - 2))], open: false });
  for (let i = 0; i < inProgress; i++) arrivals.push({ day: days[days.length - 2 + (i % 2)], open: true });
  for (const a of arrivals) a.time = at(a.day, 0.25 + rand() * 6.5);
  arrivals.sort((a, b) => a.time - b.time);

  const dossiers = [];
  const actions = [];
  arrivals.forEach((a, n) => {
    let procedure;
    let due;
    for (;;) {
      procedure = pick(byField[pickField()]);
      due = calendar.dueAt(a.time, procedure.statutoryTime);
      // the ones left open must still be within their time when the period ends
      if (!a.open || due > plus(endLimit, 16)) break;
    }
    const H = hoursBetween(a.time, due);
    const steps = stepsOf(workflows, procedure.code);
    const channel = channelShares
      ? rand() < channelShares.online && procedure.channels.includes('online')
        ? 'online'
        : rand() < channelShares.postal && procedure.channels.includes('postal')
          ? 'postal'
          : 'counter'
      : 'counter';
    // a dossier brought by the post has its result sent back by post
    const resultByPost = channel === 'postal';
    const d = {
      n,
      procedure,
      unitCode,
      receivedAt: a.time,
      plannedDue: due,
      open: a.open,
      supplement: false,
      apology: false,
      channel,
      resultByPost,
      steps,
    };
    dossiers.push(d);
    const act = (time, kind, extra = {}) => actions.push({ at: time, n, kind, ...extra });
    act(a.time, 'submit');
    // Each workflow step is done within half of its own budget (its share of the statutory time
    // or its working hours), so neither a step's nor the dossier's deadline passes.
    const budget = (s) => (s.budget && s.budget.workingHours) || (s.budget && s.budget.share ? s.budget.share * H : H / steps.length);
    const assignStep = steps.find((s) => s.kind === 'assign');
    let t = plus(a.time, Math.min(0.1, 0.3 * (assignStep ? budget(assignStep) : H)));
    act(t, 'assign');
    if (a.open) return;
    const work = steps.filter((s) => s.kind === 'work' || s.kind === 'approve');
    const issueStep = steps.find((s) => s.kind === 'issue');
    const first = work[0];
    const asked = plus(t, 0.1 * budget(first));
    const brought = plus(asked, 2 + rand() * 14);
    if (H >= 16 && rand() < 0.06 && hoursBetween(brought, endLimit) > 16) {
      d.supplement = true;
      act(asked, 'request_supplement');
      act(brought, 'record_supplement');
      t = brought;
    }
    // the period's end squeezes the last dossiers' schedules
    const planned = work.reduce((h, s) => h + 0.5 * budget(s), 0) + 0.5 * (issueStep ? budget(issueStep) : 0.5);
    const squeeze = Math.min(1, (hoursBetween(t, endLimit) * 0.9) / Math.max(planned, 0.01));
    for (const s of work) {
      t = plus(t, 0.5 * budget(s) * squeeze);
      act(t, 'step', { step: s.code, role: s.kind === 'work' ? 'specialist' : 'leader' });
    }
    // an apology (Form 04) at least a working day before the deadline, by a case running close
    const apologyAt = plus(t, 0.05);
    if (!d.supplement && H >= 40 && rand() < 0.03 && hoursBetween(apologyAt, due) > 10) {
      d.apology = true;
      act(apologyAt, 'apology', { newDueAt: plus(due, 16) });
      t = apologyAt;
    }
    const remaining = (issueStep ? budget(issueStep) : 0.5) * squeeze;
    const issued = plus(t, 0.5 * remaining);
    act(issued, 'issue');
    act(new Date(Math.min(plus(issued, 1 + rand() * 10).getTime(), plus(endLimit, 0.4).getTime())), 'return');
  });
  // Actions of one dossier keep their order; across dossiers, by time.
  actions.forEach((a, i) => (a.seq = i));
  actions.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { days, dossiers, actions, endLimit };
}

/**
 * Several desks' plans played as one: dossier numbers run on from one plan to the next, the
 * actions are merged by time (each dossier's keep their order).
 */
function mergePlans(plans) {
  const dossiers = [];
  const actions = [];
  for (const plan of plans) {
    const offset = dossiers.length;
    for (const d of plan.dossiers) dossiers.push({ ...d, n: d.n + offset });
    for (const a of plan.actions) actions.push({ ...a, n: a.n + offset });
  }
  actions.forEach((a, i) => (a.seq = i));
  actions.sort((a, b) => a.at - b.at || a.n - b.n || a.seq - b.seq);
  return { days: plans[0].days, dossiers, actions, endLimit: plans[0].endLimit };
}

module.exports = { buildPlan, mergePlans, workingDays, mulberry32 };
