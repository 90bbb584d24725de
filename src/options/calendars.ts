// One identity's Thunderbird calendars: the calendar its accepted and organised events go to
// (said plainly above the controls), the calendars counted as busy, and what a cancellation or
// a decline does to an item already there. Each change is saved at once (`calendars.set`); the
// background answers with where events go now, which the page shows.
import type { CalendarOption, CalendarSettings, CalendarSettingsView, IdentityInfo } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { checkbox, StatusLine } from './parts.js';

export class CalendarSection {
  readonly el: HTMLFieldSetElement;
  private readonly body: HTMLElement;
  private readonly status = new StatusLine('calendar-status');
  private view: CalendarSettingsView | null = null;

  constructor(
    readonly info: IdentityInfo,
    readonly index: number,
  ) {
    this.body = h('div', { class: 'stack' }, h('p', { class: 'muted', role: 'status' }, t('options_loading')));
    this.el = h(
      'fieldset',
      { class: 'card group group-calendars', 'data-group': 'calendars' },
      h('legend', {}, t('options_cal_heading')),
      h('p', { class: 'explain' }, t('options_cal_intro')),
      this.body,
      h('div', { class: 'actions' }, this.status.el),
    );
  }

  async load(): Promise<void> {
    try {
      this.render(await call('calendars.get', { identity: this.info.email }));
    } catch (e) {
      replace(this.body, h('p', { class: 'notice error', role: 'alert' }, t('options_load_failed', (e as Error).message)));
    }
  }

  private render(view: CalendarSettingsView): void {
    this.view = view;
    const p = `identity-${this.index}-cal`;
    const where = h('p', { class: 'calendar-destination', 'data-writes-to': view.writesTo ?? '' });
    const named = view.calendars.find((c) => c.id === view.writesTo);
    where.textContent = !view.available ? t('options_cal_unavailable') : named ? t('options_cal_writes_to', named.name) : t('options_cal_writes_none');
    if (!view.available) {
      replace(this.body, where);
      return;
    }
    const writable = view.calendars.filter((c) => !c.disabled && !c.readOnly);
    const auto = autoTarget(view.calendars);
    const target = h(
      'select',
      { id: `${p}-target`, name: 'calendarTarget', 'aria-describedby': `${p}-target-help`, onchange: () => void this.save() },
      h('option', { value: 'auto' }, auto ? t('options_cal_target_auto', auto.name) : t('options_cal_target_auto_nothing')),
      ...writable.map((c) => h('option', { value: `calendar:${c.id}` }, c.name)),
      h('option', { value: 'none' }, t('options_cal_target_none')),
    );
    const s = view.settings;
    target.value =
      s.target.kind === 'calendar' && writable.some((c) => s.target.kind === 'calendar' && c.id === s.target.id)
        ? `calendar:${s.target.id}`
        : s.target.kind === 'none'
          ? 'none'
          : 'auto';
    const enabled = view.calendars.filter((c) => !c.disabled);
    const busy = enabled.map((c, i) => {
      const box = checkbox('busyCalendar', `${p}-busy-${i}`, s.busy === null || s.busy.includes(c.id), () => void this.save());
      box.value = c.id;
      return h(
        'label',
        { class: 'inline check' },
        box,
        h('span', {}, c.name),
        c.readOnly ? h('span', { class: 'muted' }, ` (${t('options_cal_readonly')})`) : null,
      );
    });
    const choice = (name: string, label: string, options: [string, string][], value: string) => {
      const select = h(
        'select',
        { id: `${p}-${name}`, name, onchange: () => void this.save() },
        ...options.map(([v, key]) => h('option', { value: v }, t(key))),
      );
      select.value = value;
      return h('div', { class: 'pref' }, h('label', { for: select.id, class: 'pref-label' }, t(label)), select);
    };
    replace(
      this.body,
      where,
      h(
        'div',
        { class: 'pref' },
        h('label', { for: target.id, class: 'pref-label' }, t('options_cal_target_label')),
        target,
        h('p', { id: `${p}-target-help`, class: 'help' }, t('options_cal_target_help')),
      ),
      h(
        'fieldset',
        { class: 'pref calendar-busy', 'aria-describedby': `${p}-busy-help` },
        h('legend', { class: 'pref-label' }, t('options_cal_busy_legend')),
        ...(busy.length ? busy : [h('p', { class: 'muted' }, t('options_cal_no_calendars'))]),
        h('p', { id: `${p}-busy-help`, class: 'help' }, t('options_cal_busy_help')),
      ),
      choice(
        'onCancel',
        'options_cal_cancel_label',
        [
          ['mark', 'options_cal_cancel_mark'],
          ['remove', 'options_cal_cancel_remove'],
        ],
        s.onCancel,
      ),
      choice(
        'onDecline',
        'options_cal_decline_label',
        [
          ['keep', 'options_cal_decline_keep'],
          ['remove', 'options_cal_decline_remove'],
        ],
        s.onDecline,
      ),
    );
  }

  private current(): CalendarSettings {
    const value = (name: string) => this.el.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value;
    const target = value('calendarTarget');
    const boxes = [...this.el.querySelectorAll<HTMLInputElement>('input[name=busyCalendar]')];
    const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
    return {
      target:
        target === 'none' ? { kind: 'none' } : target.startsWith('calendar:') ? { kind: 'calendar', id: target.slice('calendar:'.length) } : { kind: 'auto' },
      // Every calendar ticked: "all enabled calendars", so calendars added later count too.
      busy: ticked.length === boxes.length ? null : ticked,
      onCancel: value('onCancel') === 'remove' ? 'remove' : 'mark',
      onDecline: value('onDecline') === 'remove' ? 'remove' : 'keep',
    };
  }

  private async save(): Promise<void> {
    if (!this.view) return;
    this.status.show('pending', t('options_saving'));
    try {
      const focused = document.activeElement instanceof HTMLElement && this.el.contains(document.activeElement) ? document.activeElement.id : null;
      this.render(await call('calendars.set', { identity: this.info.email, settings: this.current() }));
      if (focused) document.getElementById(focused)?.focus();
      this.status.show('ok', t('options_saved'));
    } catch (e) {
      this.status.show('error', t('options_save_failed', (e as Error).message));
    }
  }
}

/** The calendar "automatic" means now (as the background resolves it). */
function autoTarget(calendars: CalendarOption[]): CalendarOption | undefined {
  const writable = calendars.filter((c) => !c.disabled && !c.readOnly);
  return writable.find((c) => c.forIdentity) ?? writable[0];
}
