// Live updates of the journal and body pages by Server-Sent Events
// (/api/v1/events): each journal append arrives as an "append" event with
// its seq, time, kind, body and hash. The pages are complete without this
// file; it only adds what lands while they are open.
'use strict';
(function () {
  const root = document.querySelector('[data-live]');
  if (!root || typeof EventSource === 'undefined') return;
  const status = document.getElementById('live-status');
  const mode = root.dataset.live;

  function link(href, text) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }
  function cell(row, content, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
    return td;
  }
  function bodyHref(body) {
    return '/bodies/' + encodeURIComponent(body).replace(/%3A/g, ':');
  }

  function onJournal(entry) {
    const rows = document.getElementById('journal-rows');
    if (rows && root.dataset.latest === 'true') {
      const row = document.createElement('tr');
      row.className = 'fresh';
      cell(row, link('/journal/' + entry.seq, String(entry.seq)), 'num');
      cell(row, entry.time);
      cell(row, entry.kind);
      cell(row, entry.body ? link(bodyHref(entry.body), entry.body) : '');
      const hash = document.createElement('code');
      hash.className = 'hash';
      hash.textContent = entry.hash;
      cell(row, hash);
      cell(row, 'signed with its group');
      rows.appendChild(row);
    }
    status.textContent = 'Entry ' + entry.seq + ' (' + entry.kind + ') has just been appended.';
  }

  function onBody(entry) {
    if (entry.body !== root.dataset.body) return;
    const list = document.getElementById('live-acts');
    const item = document.createElement('li');
    item.appendChild(link('/journal/' + entry.seq, 'Entry ' + entry.seq + ': ' + entry.kind));
    list.appendChild(item);
    status.textContent = 'A new act on this body: entry ' + entry.seq + ' (' + entry.kind +
      '). Reload the page to see the body as it now stands.';
  }

  const source = new EventSource('/api/v1/events');
  source.addEventListener('append', function (event) {
    let entry;
    try { entry = JSON.parse(event.data); } catch (e) { return; }
    if (mode === 'journal') onJournal(entry); else if (mode === 'body') onBody(entry);
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
