// The operator's console: reads /ops/* with the ops token, shows it with textContent only (never innerHTML of data).
'use strict';

(() => {
  const TOKEN_KEY = 'adrelay.ops-token';
  const POLL_MS = 700;
  const REFRESH_MS = 10000;
  const $ = (selector) => document.querySelector(selector);

  let token = sessionStorage.getItem(TOKEN_KEY);
  let page = 'jobs';
  let runs = [];
  const following = new Map(); // job id -> run id being followed

  class Refused extends Error {}

  // --- HTTP -------------------------------------------------------------------------------------------------------

  // a body is sent as JSON, or as it is when its content type is given (a YAML declaration)
  async function call(method, path, body, contentType) {
    const headers = { Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
    }
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
    let data = null;
    try {
      data = await response.json();
    } catch (notJson) {
      data = null;
    }
    if (response.status === 401) {
      throw new Refused(data && data.error ? data.error : 'the token was refused');
    }
    return { status: response.status, data };
  }

  // --- DOM helpers: text only -------------------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name.startsWith('on')) {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function cell(...children) {
    return el('td', {}, ...children);
  }

  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC') : '—';
  }

  function replaceRows(tbody, rows, emptyText, columns) {
    tbody.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: columns, class: 'empty' }, emptyText))]));
  }

  function notice(text, kind) {
    const box = $('#notice');
    box.textContent = text || '';
    box.className = kind || '';
    box.hidden = !text;
  }

  // --- the token ----------------------------------------------------------------------------------------------------

  function showTokenForm(error) {
    $('#token-page').hidden = false;
    $('#tabs').hidden = true;
    $('#forget-token').hidden = true;
    document.querySelectorAll('.page').forEach((p) => { p.hidden = true; });
    $('#token-error').textContent = error || '';
    $('#token').focus();
  }

  function forgetToken(error) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    following.clear();
    showTokenForm(error);
  }

  async function open(givenToken) {
    token = givenToken;
    try {
      const jobs = await call('GET', '/ops/jobs');
      if (jobs.status !== 200) {
        showTokenForm('adrelay answered ' + jobs.status + ': ' + (jobs.data && jobs.data.error));
        return;
      }
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
      } else {
        notice('The ops endpoints are open: this is the sandbox without ADRELAY_OPS_TOKEN.', 'info');
      }
      $('#token-page').hidden = true;
      $('#tabs').hidden = false;
      $('#forget-token').hidden = !token;
      show(page);
      renderJobs(jobs.data.jobs);
    } catch (e) {
      if (e instanceof Refused) {
        // no token yet, or a wrong one: only the form shows
        forgetToken(givenToken ? 'That token was refused.' : '');
      } else {
        showTokenForm('adrelay does not answer: ' + e.message);
      }
    }
  }

  // --- pages ----------------------------------------------------------------------------------------------------------

  function show(name) {
    page = name;
    document.querySelectorAll('.page').forEach((p) => { p.hidden = p.id !== 'page-' + name; });
    document.querySelectorAll('#tabs button').forEach((b) => {
      if (b.dataset.page === name) {
        b.setAttribute('aria-current', 'page');
      } else {
        b.removeAttribute('aria-current');
      }
    });
    refresh();
  }

  async function refresh() {
    try {
      if (page === 'jobs') {
        const [jobs, history] = await Promise.all([call('GET', '/ops/jobs'), call('GET', '/ops/runs')]);
        renderJobs(jobs.data.jobs);
        runs = history.data.runs;
        renderHistory();
      } else if (page === 'letters') {
        await loadLetters();
      } else if (page === 'flows') {
        const [flows, pulls] = await Promise.all([call('GET', '/ops/flows'), call('GET', '/ops/bsa/pulls')]);
        renderFlows(flows.data);
        renderPulls(pulls.data.reports);
        renderDaily(pulls.data.daily);
      } else if (page === 'statlas') {
        renderBatches(await call('GET', '/ops/statlas/batches'));
      } else if (page === 'snap') {
        renderSnap(await call('GET', '/ops/snap/state'));
      }
      const letters = await call('GET', '/ops/dead-letters');
      $('#letters-count').textContent = '(' + letters.data.dead_letters.length + ')';
    } catch (e) {
      failed(e);
    }
  }

  function failed(e) {
    if (e instanceof Refused) {
      forgetToken('The token was refused: ' + e.message);
    } else {
      notice('adrelay does not answer: ' + e.message, 'error');
    }
  }

  // --- jobs -----------------------------------------------------------------------------------------------------------

  // a BuySellAds report job pulls a date range (POST /ops/jobs/{id}/run takes from, to, force)
  const takesDates = (job) => job.startsWith('bsa-pull-report-');

  function yesterday(daysBefore) {
    const day = new Date(Date.now() - (1 + daysBefore) * 86400000);
    return day.toISOString().slice(0, 10);
  }

  function renderJobs(jobs) {
    const tbody = $('#jobs tbody');
    const rows = new Map([...tbody.querySelectorAll('tr.job')].map((r) => [r.dataset.job, r]));
    const filter = $('#history-job');
    const known = new Set([...filter.options].map((o) => o.value));
    const ordered = [];
    for (const job of jobs) {
      let row = rows.get(job.id);
      if (!row) {
        row = jobRow(job);
      }
      row.querySelector('.cron').textContent = job.cron;
      row.querySelector('.next').textContent = when(job.next_run);
      row.querySelector('.last').textContent = when(job.last_run);
      row.querySelector('.outcome').textContent = job.last_outcome || '—';
      ordered.push(row, progressRow(job.id, tbody));
      if (job.running_run_id && !following.has(job.id)) {
        follow(job.id, job.running_run_id);
      }
      if (!known.has(job.id)) {
        filter.append(el('option', { value: job.id }, job.id));
      }
    }
    // moved only when the jobs changed: a date being typed keeps its focus
    if (ordered.length !== tbody.children.length || ordered.some((row, i) => tbody.children[i] !== row)) {
      tbody.replaceChildren(...ordered);
    }
  }

  function jobRow(job) {
    const dates = takesDates(job.id);
    const from = el('input', { type: 'date', class: 'from', value: yesterday(0), 'aria-label': 'from' });
    const to = el('input', { type: 'date', class: 'to', value: yesterday(0), 'aria-label': 'to' });
    const force = el('input', { type: 'checkbox', class: 'force' });
    const button = el('button', { type: 'button', class: 'run' }, 'Run now');
    button.addEventListener('click', () => runNow(job.id, dates ? { from: from.value, to: to.value, force: force.checked } : undefined));
    return el('tr', { class: 'job', 'data-job': job.id },
      el('th', { scope: 'row' }, job.id),
      el('td', { class: 'cron' }), el('td', { class: 'next' }), el('td', { class: 'last' }), el('td', { class: 'outcome' }),
      cell(dates ? el('span', { class: 'range' }, from, ' to ', to, el('label', {}, force, ' force')) : null, button));
  }

  function progressRow(job, tbody) {
    return tbody.querySelector('tr.progress[data-job="' + CSS.escape(job) + '"]')
      || el('tr', { class: 'progress', 'data-job': job, hidden: true }, el('td', { colspan: 6 },
        el('progress', { max: 1 }), el('span', { class: 'run-status' }), el('span', { class: 'run-done' }),
        el('span', { class: 'run-summary' })));
  }

  async function runNow(job, range) {
    try {
      const started = await call('POST', '/ops/jobs/' + encodeURIComponent(job) + '/run', range);
      if (started.status === 202 || started.status === 409) {
        // 409: it runs already; follow that run
        follow(job, started.data.run_id);
      } else {
        notice('The run of ' + job + ' was refused (' + started.status + '): ' + (started.data && started.data.error), 'error');
      }
    } catch (e) {
      failed(e);
    }
  }

  function follow(job, runId) {
    following.set(job, runId);
    poll(job, runId);
  }

  async function poll(job, runId) {
    if (following.get(job) !== runId) {
      return;
    }
    try {
      const answer = await call('GET', '/ops/runs/' + encodeURIComponent(runId));
      if (answer.status === 200) {
        showRun(job, answer.data);
        if (answer.data.status !== 'running') {
          following.delete(job);
          refresh();
          return;
        }
      }
    } catch (e) {
      failed(e);
      return;
    }
    setTimeout(() => poll(job, runId), POLL_MS);
  }

  function showRun(job, run) {
    const row = $('#jobs tbody tr.progress[data-job="' + CSS.escape(job) + '"]');
    if (!row) {
      return;
    }
    row.hidden = false;
    row.dataset.run = run.run_id;
    row.dataset.status = run.status;
    const bar = row.querySelector('progress');
    const progress = run.progress || {};
    if (progress.total) {
      bar.max = progress.total;
      bar.value = Math.min(progress.done, progress.total);
    } else if (run.status === 'running') {
      bar.removeAttribute('value'); // unknown total: the bar moves on its own
    } else {
      bar.max = 1;
      bar.value = 1;
    }
    row.querySelector('.run-status').textContent = run.status;
    row.querySelector('.run-status').className = 'run-status ' + run.status;
    row.querySelector('.run-done').textContent = progress.unit
      ? (progress.done || 0) + (progress.total ? ' / ' + progress.total : '') + ' ' + progress.unit : '';
    row.querySelector('.run-summary').textContent = run.summary || '';
  }

  function renderHistory() {
    const job = $('#history-job').value;
    const status = $('#history-status').value;
    const text = $('#history-text').value.trim().toLowerCase();
    const shown = runs.filter((r) => (!job || r.job === job) && (!status || r.status === status)
      && (!text || JSON.stringify(r).toLowerCase().includes(text)));
    const rows = shown.map((r) => el('tr', { 'data-run': r.run_id },
      cell(when(r.started_at)), cell(r.job), cell(r.trigger), cell(el('span', { class: 'run-status ' + r.status }, r.status)),
      cell(r.progress ? (r.progress.done || 0) + (r.progress.total ? ' / ' + r.progress.total : '') + ' ' + (r.progress.unit || '') : ''),
      cell(r.summary || ''),
      cell(r.dead_letters.map((id) => el('button', { type: 'button', class: 'link', onclick: () => openLetter(id) }, id)))));
    replaceRows($('#history tbody'), rows, 'No runs match.', 7);
  }

  // --- dead letters -----------------------------------------------------------------------------------------------------

  let highlighted = null;

  function openLetter(id) {
    highlighted = id;
    show('letters');
  }

  async function loadLetters() {
    const answer = await call('GET', '/ops/dead-letters');
    const letters = answer.data.dead_letters;
    // a letter shown already keeps its card (and the button an operator is about to press)
    const shown = new Map([...document.querySelectorAll('#letters article')].map((a) => [a.dataset.letter, a]));
    const cards = letters.map((letter) => shown.get(letter.id) || letterCard(letter));
    const box = $('#letters');
    if (cards.length !== box.children.length || cards.some((card, i) => box.children[i] !== card)) {
      box.replaceChildren(...(cards.length ? cards : [el('p', { class: 'empty' }, 'No dead letters.')]));
    }
    if (highlighted) {
      const card = [...document.querySelectorAll('#letters article')].find((a) => a.dataset.letter === highlighted);
      if (card) {
        card.classList.add('highlight');
        card.scrollIntoView();
      } else {
        $('#letters-outcome').textContent = 'Dead letter ' + highlighted + ' is not waiting any more (replayed).';
      }
      highlighted = null;
    }
  }

  function field(name, value) {
    return value === null || value === undefined || value === '' ? [] : [el('dt', {}, name), el('dd', {}, String(value))];
  }

  function letterCard(letter) {
    const error = [letter.status, letter.code, letter.message].filter((x) => x !== null && x !== undefined).join(' ');
    return el('article', { 'data-letter': letter.id },
      el('h3', {}, letter.api + ' · ' + letter.route),
      el('p', { class: 'meta' }, letter.id + ' · failed ' + when(letter.failed_at)),
      el('dl', {},
        field("API's error", error),
        field('Reason', letter.reason),
        field('What to do', letter.hint),
        field('Request', letter.request),
        field('Fix', letter.replayable ? null : letter.fix)),
      // the place for more actions on a letter (dismissal, once /ops offers it)
      el('div', { class: 'actions' }, letterActions(letter)),
      el('p', { class: 'outcome', role: 'status' }));
  }

  function letterActions(letter) {
    const actions = [];
    if (letter.replayable) {
      const button = el('button', { type: 'button', class: 'replay' }, 'Replay');
      button.addEventListener('click', () => replay(letter.id, button));
      actions.push(button);
    } else {
      actions.push(el('span', { class: 'note' }, 'cannot be replayed'));
    }
    // one that will never be replayed (its route is gone, its cause will never be fixed) is dismissed with a reason
    const reason = el('input', { type: 'text', class: 'dismiss-reason', placeholder: 'why it will never be replayed', maxlength: 1000 });
    const dismiss = el('button', { type: 'button', class: 'dismiss' }, 'Dismiss');
    dismiss.addEventListener('click', () => dismissLetter(letter.id, reason.value.trim(), dismiss));
    actions.push(el('span', { class: 'dismissal' }, reason, dismiss));
    return actions;
  }

  async function dismissLetter(id, reason, button) {
    if (!reason) {
      $('#letters-outcome').textContent = 'A reason is needed to dismiss ' + id + '.';
      $('#letters-outcome').className = 'error';
      return;
    }
    button.disabled = true;
    try {
      const answer = await call('DELETE', '/ops/dead-letters/' + encodeURIComponent(id), { reason });
      $('#letters-outcome').textContent = answer.status === 200 ? 'Dismissed ' + id + ': ' + answer.data.reason
        : 'Dismissal of ' + id + ' refused (' + answer.status + '): ' + (answer.data && answer.data.error);
      $('#letters-outcome').className = answer.status === 200 ? 'ok' : 'error';
      await refresh();
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
  }

  async function replay(id, button) {
    button.disabled = true;
    try {
      const answer = await call('POST', '/ops/dead-letters/' + encodeURIComponent(id) + '/replay');
      const outcome = answer.status === 200
        ? 'Replayed ' + id + ': ' + answer.data.outcome
        : 'Replay of ' + id + ' failed (' + answer.status + '): ' + (answer.data && answer.data.error)
          + (answer.data && answer.data.dead_letter ? '; new dead letter ' + answer.data.dead_letter : '');
      $('#letters-outcome').textContent = outcome;
      $('#letters-outcome').className = answer.status === 200 && answer.data.outcome === 'ok' ? 'ok' : 'error';
      await refresh();
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
  }

  // --- flows ------------------------------------------------------------------------------------------------------------

  function renderFlows(overview) {
    replaceRows($('#flows tbody'), overview.flows.map((f) => el('tr', { 'data-api': f.api },
      el('th', { scope: 'row' }, f.api),
      cell(f.intake_pending === null || f.intake_pending === undefined ? '—' : String(f.intake_pending)),
      cell(f.budgets.length ? f.budgets.map((b) => el('div', { class: 'budget' },
        el('meter', { min: 0, max: b.limit, value: b.in_window, high: b.limit * 0.9 }),
        ' ' + b.in_window + ' / ' + b.limit + ' per ' + (b.period_ms >= 1000 ? b.period_ms / 1000 + ' s' : b.period_ms + ' ms')
          + ' (' + b.route + ')')) : 'no call yet'),
      cell(String(f.too_many_requests)),
      cell(when(f.last_success)),
      cell(String(f.dead_letters)))), 'No flow runs.', 6);
    replaceRows($('#health tbody'), overview.health.map((h) => el('tr', { class: h.state.toLowerCase() },
      cell(h.id), cell(h.state), cell(h.message || ''))), 'No checks.', 3);
    const refused = overview.refused_files.map((f) => el('li', {}, el('strong', {}, f.file), ' (' + f.kind + '): ' + f.reason));
    $('#refused').replaceChildren(...(refused.length ? refused : [el('li', { class: 'empty' }, 'None: every route file and declaration is in force.')]));
  }

  function renderPulls(reports) {
    replaceRows($('#bsa-pulls tbody'), reports.map((r) => el('tr', { 'data-report': r.report },
      el('th', { scope: 'row' }, r.report), cell(r.last_day || '—'), cell(when(r.last_pulled_at)),
      cell(r.last_bytes === null ? '—' : r.last_bytes + ' bytes'), cell(String(r.days_pulled)))), 'BuySellAds is not pulled here.', 5);
  }

  // --- Statlas: the open batches, each ad's readiness in Drive as the last poll saw it ------------------------------------

  function yesNo(value) {
    return value === null || value === undefined ? '—' : value ? 'yes' : 'no';
  }

  function renderBatches(answer) {
    $('#statlas-absent').hidden = answer.status !== 404;
    if (answer.status !== 200) {
      return;
    }
    const cards = answer.data.batches.map((b) => el('article', { 'data-batch': b.batch_id },
      el('h3', {}, b.batch_id + ' · ' + (b.batch_code || '') + ' · ' + (b.shop || '')),
      el('p', { class: 'meta' }, b.status + ' at Statlas · go-live ' + (b.go_live_date || '—') + ' · last Drive poll '
        + (b.polled_at ? when(b.polled_at) + ': ' + b.decision : 'not yet')),
      b.paused ? el('p', { class: 'error' }, 'Paused by ' + b.paused + ': replay it to poll again.') : null,
      el('table', { class: 'ads' },
        el('thead', {}, el('tr', {}, ['Ad', 'Code', 'Type', 'At Statlas', 'Assets in Drive', 'copy.json', 'Ready', 'Unchanged since the poll before', 'Folder']
          .map((h) => el('th', {}, h)))),
        el('tbody', {}, b.ads.map((a) => el('tr', { 'data-ad': a.ad_no, class: a.ready ? 'ready' : 'waiting' },
          el('th', { scope: 'row' }, String(a.ad_no)), cell(a.ad_code || ''), cell(a.ad_type || ''),
          cell(a.status + (a.revision_requested ? ' (revision asked)' : '')),
          cell(a.assets === null ? '—' : String(a.assets)), cell(yesNo(a.copy)), cell(yesNo(a.ready)), cell(yesNo(a.stable)),
          cell(a.folder_url ? el('a', { href: a.folder_url, target: '_blank', rel: 'noopener noreferrer' }, 'open') : '—')))))));
    $('#statlas-batches').replaceChildren(...(cards.length ? cards : [el('p', { class: 'empty' }, 'No open batch: everything is delivered.')]));
  }

  // --- Snap: what adrelay holds of it (read on the timer); a preview asks Snap, so only on request -----------------------

  function renderSnap(answer) {
    $('#snap-absent').hidden = answer.status !== 404;
    if (answer.status !== 200) {
      return;
    }
    const state = answer.data;
    replaceRows($('#snap-feeds tbody'), state.feeds.map((f) => {
      const last = f.last_upload;
      const errors = last ? Object.entries(last.errors) : [];
      return el('tr', { 'data-feed': f.feed, class: last ? last.status.toLowerCase() : null },
        el('th', { scope: 'row' }, f.feed), cell(f.catalog),
        cell(last ? last.status : 'none yet'), cell(last ? when(last.finished_at) : '—'),
        cell(last && last.total_items !== null ? last.total_items + ' (' + last.items_modified + ' modified, ' + last.items_deleted + ' deleted)' : '—'),
        cell(last && last.items_errored !== null ? String(last.items_errored) : '—'),
        cell(errors.length || (last && Object.keys(last.recommendations).length)
          ? [...errors.map(([code, n]) => el('div', { class: 'problem' }, code + ': ' + n)),
            ...Object.entries(last.recommendations).map(([code, n]) => el('div', { class: 'note' }, code + ': ' + n + ' (recommendation)'))]
          : '—'),
        cell(f.uploading ? 'upload ' + f.uploading.upload_id + ' since ' + when(f.uploading.asked_at) : '—'));
    }), 'No feed is declared (routes/snap-catalogs.yaml).', 8);
    const run = state.campaigns;
    $('#snap-dpa-run').textContent = run ? 'Last run ' + when(run.provisioned_at) + ': ' + run.summary : 'Not provisioned yet.';
    replaceRows($('#snap-objects tbody'), (run ? run.objects : []).map((o) => el('tr', { class: o.outcome },
      cell(o.kind), cell(o.path), cell(o.id || '—'), cell(o.status || '—'), cell(o.review_status || '—'),
      cell(o.outcome), cell(o.reason || ''))), 'No DPA object is declared or provisioned.', 7);
    replaceRows($('#snap-sets tbody'), state.product_sets.map((p) => el('tr', { 'data-set': p.product_set },
      cell(p.catalog), el('th', { scope: 'row' }, p.product_set), cell(p.product_set_id || 'not at Snap yet'),
      cell(p.products_at_last_run === null || p.products_at_last_run === undefined ? '—' : String(p.products_at_last_run)),
      cell(el('button', { type: 'button', class: 'link preview', onclick: () => preview(p) }, 'Preview')))), 'No product set is declared.', 5);
  }

  async function preview(set) {
    $('#snap-preview').hidden = false;
    $('#snap-preview-title').textContent = set.catalog + ' / ' + set.product_set;
    $('#snap-preview-total').textContent = 'Asking Snap…';
    $('#snap-preview-total').className = '';
    $('#snap-preview-products tbody').replaceChildren();
    try {
      const answer = await call('GET', set.preview);
      if (answer.status !== 200) {
        $('#snap-preview-total').textContent = 'No preview (' + answer.status + '): ' + (answer.data && answer.data.error);
        $('#snap-preview-total').className = 'error';
        return;
      }
      const p = answer.data;
      $('#snap-preview-total').textContent = (p.total_relation === 'EQ' ? '' : 'at least ') + p.total + ' products match'
        + (p.products.length < p.total ? '; the first ' + p.products.length + ':' : ':');
      // Snap shows a price as {value, currency}
      const price = (x) => (x.price && typeof x.price === 'object' ? [x.price.value, x.price.currency].filter(Boolean).join(' ') : x.price) || '';
      replaceRows($('#snap-preview-products tbody'), p.products.map((x) => el('tr', {},
        cell(x.external_id || x.id || ''), cell(x.title || ''), cell(x.brand || ''), cell(price(x)), cell(x.availability || ''))),
      'No product matches its filter.', 5);
    } catch (e) {
      failed(e);
    }
  }

  // --- Snap plan: asked for, never on a timer (a plan reads Snap, within its rate limit) ---------------------------------

  async function plan(declaration) {
    const buttons = ['#plan-saved', '#plan-edited', '#plan-apply'].map((s) => $(s));
    buttons.forEach((b) => { b.disabled = true; });
    $('#plan-outcome').textContent = 'Planning…';
    $('#plan-outcome').className = '';
    try {
      const answer = declaration === undefined ? await call('POST', '/ops/snap/plan')
        : await call('POST', '/ops/snap/plan', declaration, 'application/yaml');
      if (answer.status !== 200) {
        $('#plan-outcome').textContent = 'No plan (' + answer.status + '): ' + (answer.data && answer.data.error);
        $('#plan-outcome').className = 'error';
        return;
      }
      $('#plan-outcome').textContent = declaration === undefined ? 'The plan of the saved files.' : 'The plan of the edited declaration.';
      renderPlan(answer.data);
    } catch (e) {
      failed(e);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function renderPlan(answer) {
    $('#plan-summary').replaceChildren(...Object.entries(answer.summary).map(([declaration, line]) =>
      el('li', { 'data-declaration': declaration }, el('strong', {}, declaration + ': '), line)));
    replaceRows($('#plan tbody'), answer.objects.map((o) => el('tr', { class: o.action },
      cell(o.declaration), cell(o.kind), cell(o.path), cell(o.action),
      cell((o.changes || []).map((c) => el('div', { class: 'change' },
        c.field + ': ' + JSON.stringify(c.current === undefined ? null : c.current) + ' → ' + JSON.stringify(c.declared))),
      (o.problems || []).map((p) => el('div', { class: 'problem' }, p))))), 'Nothing declared.', 5);
  }

  async function applyCampaigns(button) {
    button.disabled = true;
    $('#plan-outcome').textContent = 'Applying the saved campaigns…';
    try {
      const answer = await call('POST', '/ops/jobs/snap-provision-campaigns/run?wait=true', {});
      $('#plan-outcome').textContent = answer.status === 200 || answer.status === 202
        ? 'Applied: ' + (answer.data.outcome || answer.data.status) : 'Not applied (' + answer.status + '): ' + (answer.data && answer.data.error);
      $('#plan-outcome').className = answer.status === 200 && answer.data.status === 'succeeded' ? 'ok' : 'error';
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
  }

  // --- BuySellAds: daily spend and impressions, one bar a day (an SVG made of elements: no inline style, no library) -------

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
    children.forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
    return node;
  }

  function barChart(series, field, label, format) {
    const width = 600;
    const height = 110;
    const top = 18;
    const max = Math.max(...series.map((p) => Number(p[field])), 0);
    const step = series.length ? width / series.length : width;
    const bars = series.map((p, i) => {
      const value = Number(p[field]);
      const h = max > 0 ? Math.max(1, Math.round((value / max) * (height - top))) : 1;
      return svg('rect', { class: 'bar ' + field, 'data-day': p.day, 'data-value': p[field], x: Math.round(i * step + 1),
        y: height - h, width: Math.max(1, Math.floor(step - 2)), height: h }, svg('title', {}, p.day + ': ' + format(value)));
    });
    return el('figure', { class: 'chart', 'data-field': field },
      svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img', 'aria-label': label },
        svg('text', { x: 0, y: 12 }, label + ' (highest ' + format(max) + ')'), ...bars),
      el('figcaption', {}, series.length + ' days pulled, ' + series[0].day + ' … ' + series[series.length - 1].day));
  }

  function renderDaily(series) {
    const charts = $('#bsa-daily');
    if (!series || !series.length) {
      charts.replaceChildren(el('p', { class: 'empty' }, 'No daily-stats pulled yet.'));
      return;
    }
    charts.replaceChildren(barChart(series, 'spend', 'Spend per day', (v) => '$' + v.toFixed(2)),
      barChart(series, 'impressions', 'Impressions per day', (v) => v.toLocaleString('en-US')));
  }

  // --- start ------------------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('#token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const given = $('#token').value.trim();
      $('#token').value = '';
      if (given) {
        open(given);
      }
    });
    $('#forget-token').addEventListener('click', () => forgetToken(''));
    document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => show(b.dataset.page)));
    ['#history-job', '#history-status', '#history-text'].forEach((s) => $(s).addEventListener('input', renderHistory));
    $('#plan-saved').addEventListener('click', () => plan());
    $('#plan-edited').addEventListener('click', () => plan($('#plan-declaration').value));
    $('#plan-apply').addEventListener('click', (event) => applyCampaigns(event.currentTarget));
    setInterval(() => {
      if (!$('#tabs').hidden) {
        refresh();
      }
    }, REFRESH_MS);
    // a token from earlier in this tab's session, or none: the sandbox may leave /ops open
    open(token);
  });
})();
