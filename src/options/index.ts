// The options page (options_ui, opened in a tab): general settings, then one section per
// identity. Everything it shows comes from the background through src/shared/protocol.ts.
import { h, replace } from '../ui/dom.js';
import { localizePage, t } from '../ui/i18n.js';
import { loadRegionalFormat } from '../ui/format.js';
import { call } from '../ui/rpc.js';
import { setUpGlobal } from './global.js';
import { IdentitySection } from './identity.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

function showError(text: string): void {
  const box = $('#error');
  box.textContent = text;
  box.hidden = false;
}

function navItem(href: string, label: string, detail?: string): HTMLLIElement {
  return h('li', {}, h('a', { href }, h('span', { class: 'nav-label' }, label), detail ? h('span', { class: 'nav-detail' }, detail) : null));
}

async function main(): Promise<void> {
  localizePage();
  await loadRegionalFormat();
  $('[data-action=open-manager]').addEventListener('click', () => {
    call('open.manager', {}).catch((e: Error) => showError(t('options_open_failed', e.message)));
  });
  const nav = $('#nav-list');
  const list = $('#identities');
  const [identities, global] = await Promise.allSettled([call('identities.list', {}), setUpGlobal($('#global'))]);
  $('#loading').hidden = true;
  if (global.status === 'rejected') showError(t('options_load_failed', (global.reason as Error).message));
  else nav.append(navItem('#global', t('options_global_heading')));
  if (identities.status === 'rejected') {
    showError(t('options_load_failed', (identities.reason as Error).message));
    return;
  }
  if (!identities.value.length) {
    replace(list, h('p', { class: 'notice info' }, t('options_no_identities')));
    return;
  }
  const sections = identities.value.map((info, i) => new IdentitySection(info, i));
  for (const s of sections) {
    list.append(s.el);
    nav.append(s.info.name ? navItem(`#${s.el.id}`, s.info.name, s.info.email) : navItem(`#${s.el.id}`, s.info.email));
  }
  await Promise.all(sections.map((s) => s.load()));
  followScroll(nav);
}

/** Marks the nav entry of the section in view (aria-current), as Thunderbird's settings do. */
function followScroll(nav: HTMLElement): void {
  const links = [...nav.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  const mark = () => {
    let current = links[0];
    for (const a of links) {
      const target = document.getElementById(a.hash.slice(1));
      if (target && target.getBoundingClientRect().top < window.innerHeight / 3) current = a;
    }
    for (const a of links) a.setAttribute('aria-current', String(a === current));
  };
  window.addEventListener('scroll', mark, { passive: true });
  mark();
}

// Closing the tab with a section not saved asks first (the browser's own prompt).
window.addEventListener('beforeunload', (e) => {
  if (document.querySelector('section.dirty')) e.preventDefault();
});

main()
  .catch((e: Error) => showError(t('options_load_failed', e.message)))
  .finally(() => {
    $('#loading').hidden = true;
    // Tests and screenshots wait for this: every section has loaded (or shows why not).
    document.body.dataset['ready'] = 'true';
  });
