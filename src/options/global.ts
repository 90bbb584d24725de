// Settings that hold for the whole add-on: the compact banner in the message pane, and whether
// Thunderbird's own invitation bar still shows (calendar.itip.showImipBar, via the Experiment).
import type { GlobalSettings } from '../shared/protocol.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { StatusLine } from './parts.js';

export async function setUpGlobal(section: HTMLElement): Promise<void> {
  const banner = section.querySelector<HTMLInputElement>('input[name=banner]')!;
  const bar = section.querySelector<HTMLInputElement>('input[name=showImipBar]')!;
  const save = section.querySelector<HTMLButtonElement>('[data-action=save]')!;
  const status = new StatusLine();
  section.querySelector('.save-status')!.replaceWith(status.el);

  let saved: GlobalSettings = await call('global.get', {});
  banner.checked = saved.banner;
  bar.checked = saved.showImipBar;
  const current = (): GlobalSettings => ({ banner: banner.checked, showImipBar: bar.checked });
  const changed = () => current().banner !== saved.banner || current().showImipBar !== saved.showImipBar;
  const dirty = () => {
    section.classList.toggle('dirty', changed());
    status.show(changed() ? 'pending' : null, changed() ? t('options_unsaved') : '');
  };
  banner.addEventListener('change', dirty);
  bar.addEventListener('change', dirty);

  let busy = false;
  save.addEventListener('click', async () => {
    if (busy) return;
    if (!changed()) {
      status.show('info', t('options_nothing_changed'));
      return;
    }
    busy = true;
    save.setAttribute('aria-disabled', 'true');
    status.show('pending', t('options_saving'));
    try {
      saved = await call('global.set', { settings: current() });
      banner.checked = saved.banner;
      bar.checked = saved.showImipBar;
      section.classList.remove('dirty');
      status.show('ok', t('options_saved'));
    } catch (e) {
      status.show('error', t('options_save_failed', (e as Error).message));
    } finally {
      busy = false;
      save.removeAttribute('aria-disabled');
    }
  });
  section.hidden = false;
}
