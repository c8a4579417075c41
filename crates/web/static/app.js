/* Fazhi app.js — progressive enhancement only: every page works without it.
   Loaded synchronously in <head> so that the 大字 class is set before first paint;
   everything else waits for DOMContentLoaded. No framework, no external asset.
   Hooks (see docs/ui.md):
     [data-confirm]            on a <form> or a submit <button>: ask confirm() first
     select[data-autosubmit]   submit the select's form on change
     input[data-select-all=N]  check/uncheck every input[name=N] in the same form/table
     [data-selected-count=N]   shows "已选 k 项" for input[name=N]
     [data-bigtext]            toggles html.big-text, persisted in localStorage
     body[data-session]        idle warning at 28 min (server ends sessions at 30) */
(function () {
  'use strict';
  var root = document.documentElement;
  var BIG = 'fazhi.bigText';
  root.classList.add('js');
  try { if (localStorage.getItem(BIG) === '1') root.classList.add('big-text'); } catch (e) { /* storage off */ }

  function en() { return /^en/i.test(root.lang || ''); }
  function t(zh, english) { return en() ? english : zh; }
  function each(sel, fn, scope) { Array.prototype.forEach.call((scope || document).querySelectorAll(sel), fn); }

  /* data-confirm ---------------------------------------------------------- */
  var confirmedBy = null;   // the button whose own confirm() already passed
  document.addEventListener('click', function (ev) {
    var btn = ev.target.closest && ev.target.closest('button[data-confirm], input[type=submit][data-confirm], a[data-confirm]');
    if (!btn) return;
    if (!window.confirm(btn.getAttribute('data-confirm'))) { ev.preventDefault(); return; }
    confirmedBy = btn;
  });
  document.addEventListener('submit', function (ev) {
    var form = ev.target, submitter = ev.submitter || null;
    if (submitter && submitter === confirmedBy) { confirmedBy = null; return; }
    confirmedBy = null;
    var msg = form.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });

  document.addEventListener('DOMContentLoaded', function () {
    /* select[data-autosubmit] --------------------------------------------- */
    document.addEventListener('change', function (ev) {
      var el = ev.target;
      if (!el.matches('select[data-autosubmit]') || !el.form) return;
      if (el.form.requestSubmit) el.form.requestSubmit(); else el.form.submit();
    });

    /* Select all + selected count ----------------------------------------- */
    function boxes(name, near) {
      var scope = (near && (near.form || near.closest('table'))) || document;
      return Array.prototype.filter.call(document.querySelectorAll('input[type=checkbox][name="' + name + '"]'),
        function (b) { return !b.disabled && (scope === document || b.form === scope || scope.contains(b)); });
    }
    function refresh(name) {
      var all = boxes(name), on = all.filter(function (b) { return b.checked; }).length;
      each('input[data-select-all="' + name + '"]', function (m) {
        var list = boxes(name, m), k = list.filter(function (b) { return b.checked; }).length;
        m.checked = list.length > 0 && k === list.length;
        m.indeterminate = k > 0 && k < list.length;
      });
      each('[data-selected-count="' + name + '"]', function (c) {
        c.textContent = on ? t('已选 ' + on + ' 项', on + ' selected') : '';
      });
    }
    document.addEventListener('change', function (ev) {
      var el = ev.target;
      if (el.type !== 'checkbox') return;
      var master = el.getAttribute('data-select-all');
      if (master) { boxes(master, el).forEach(function (b) { b.checked = el.checked; }); refresh(master); }
      else if (el.name) refresh(el.name);
    });
    each('input[data-select-all]', function (m) { refresh(m.getAttribute('data-select-all')); });

    /* 大字 toggle ----------------------------------------------------------- */
    function syncBig() {
      var on = root.classList.contains('big-text');
      each('[data-bigtext]', function (b) { b.setAttribute('aria-pressed', on ? 'true' : 'false'); });
    }
    each('[data-bigtext]', function (b) {
      b.addEventListener('click', function () {
        var on = root.classList.toggle('big-text');
        try { localStorage.setItem(BIG, on ? '1' : '0'); } catch (e) { /* storage off */ }
        syncBig();
      });
    });
    syncBig();

    /* Idle-session warning -------------------------------------------------- */
    var body = document.body;
    if (!body.hasAttribute('data-session')) return;
    var WARN = 28 * 60 * 1000, END = 30 * 60 * 1000, timers = [], box = null;
    function notice(html) {
      if (!box) {
        box = document.createElement('div');
        box.className = 'session-notice';
        box.setAttribute('role', 'alert');
        body.appendChild(box);
      }
      box.innerHTML = html;
      return box;
    }
    function arm() {
      timers.forEach(clearTimeout);
      timers = [setTimeout(warn, WARN), setTimeout(ended, END)];
    }
    function warn() {
      var b = notice('<p>' + t('您已 28 分钟没有操作，2 分钟后将自动退出。未保存的内容请尽快保存。',
        'No activity for 28 minutes: you will be logged out in 2 minutes. Save your work.') +
        '</p><button type="button" class="btn primary small">' + t('继续使用', 'Stay logged in') + '</button>');
      var btn = b.querySelector('button');
      btn.addEventListener('click', function () {
        var url = body.getAttribute('data-keepalive') || location.href;
        fetch(url, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' })
          .then(function (r) { if (r.ok) { b.remove(); box = null; arm(); } else ended(); }, ended);
      });
      btn.focus();
    }
    function ended() {
      timers.forEach(clearTimeout);
      var next = encodeURIComponent(location.pathname + location.search);
      notice('<p>' + t('由于长时间未操作，会话已结束。', 'Your session ended after 30 minutes without activity.') +
        '</p><a class="btn primary small" href="/login?next=' + next + '">' + t('重新登录', 'Log in again') + '</a>');
    }
    arm();
  });
})();
