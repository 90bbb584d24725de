// One identity's section: its role, whether anything may be answered automatically, what to be
// notified of, and every engine preference. Saved as one unit: `prefs.set` first (all or nothing,
// checked by the background), then `settings.set`, so a refused value leaves everything unsaved.
import type { IdentityInfo, IdentityRole, IdentitySettings, PrefMeta } from '../shared/protocol.js';
import { IDENTITY_ROLES as ROLES } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { PrefField } from './field.js';
import { checkbox, refusal, StatusLine } from './parts.js';
import { groupOf, prefLabel, type Group } from './texts.js';
import { CalendarSection } from './calendars.js';

export interface PrefsState {
  effective: Record<string, string>;
  stored: Record<string, string>;
  meta: PrefMeta[];
  systemZone: string;
}

const NOTIFY = ['notifyInvitations', 'notifyCounters', 'reminders'] as const;

export class IdentitySection {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status = new StatusLine();
  private readonly saveButton: HTMLButtonElement;
  private fields: PrefField[] = [];
  private settings: IdentitySettings | null = null;
  private role!: HTMLSelectElement;
  private checks = {} as Record<'autoAnswers' | (typeof NOTIFY)[number], HTMLInputElement>;
  private roleHelp!: HTMLElement;
  private booking!: HTMLElement;
  private resourceWarning!: HTMLElement;
  private busy = false;
  private readonly calendars: CalendarSection;

  constructor(
    readonly info: IdentityInfo,
    readonly index: number,
  ) {
    const title = info.name || info.email;
    this.body = h('div', { class: 'stack section-body' }, h('p', { class: 'muted', role: 'status' }, t('options_loading')));
    // A form, so that Enter in a field saves the section like a click on Save.
    this.saveButton = h('button', { type: 'submit', class: 'primary', 'data-action': 'save' }, t('options_save'));
    this.el = h(
      'section',
      { id: `identity-${index}`, class: 'identity', 'data-identity': info.email, 'aria-labelledby': `identity-${index}-heading` },
      h(
        'header',
        { class: 'section-header' },
        h('div', {}, h('h2', { id: `identity-${index}-heading` }, title), info.name ? h('p', { class: 'muted address' }, info.email) : null),
        h(
          'button',
          { type: 'button', 'data-action': 'open-manager', onclick: () => void call('open.manager', { identity: info.email }) },
          t('options_open_calendar'),
        ),
      ),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: (e: Event) => {
            e.preventDefault();
            void this.save();
          },
        },
        this.body,
        h('div', { class: 'actions' }, this.status.el, this.saveButton),
      ),
    );
    // Thunderbird's calendars: their own section, saved on each change (calendars.ts).
    this.calendars = new CalendarSection(info, index);
    this.el.querySelector('header')!.after(this.calendars.el);
  }

  async load(): Promise<void> {
    void this.calendars.load();
    try {
      const [settings, prefs] = await Promise.all([call('settings.get', { identity: this.info.email }), call('prefs.get', { identity: this.info.email })]);
      this.render(settings, prefs);
    } catch (e) {
      replace(
        this.body,
        h('p', { class: 'notice error', role: 'alert' }, t('options_load_failed', (e as Error).message)),
        h('div', {}, h('button', { type: 'button', 'data-action': 'retry', onclick: () => void this.load() }, t('options_retry'))),
      );
      this.saveButton.hidden = true;
    }
  }

  private render(settings: IdentitySettings, prefs: PrefsState): void {
    this.settings = settings;
    this.saveButton.hidden = false;
    const p = `identity-${this.index}`;
    this.role = h(
      'select',
      { id: `${p}-role`, name: 'role', 'aria-describedby': `${p}-role-help`, onchange: () => this.roleChanged() },
      ...ROLES.map((r) => h('option', { value: r }, t(`options_role_${r}`))),
    );
    this.role.value = settings.role;
    this.roleHelp = h('p', { id: `${p}-role-help`, class: 'help' });
    this.checks.autoAnswers = checkbox('autoAnswers', `${p}-auto`, settings.autoAnswers, () => {
      this.showRole();
      this.dirty();
    });
    for (const n of NOTIFY) this.checks[n] = checkbox(n, `${p}-${n}`, settings[n], () => this.dirty());
    this.resourceWarning = h('p', { class: 'notice warn', hidden: true }, t('options_auto_resource_warning'));

    this.fields = prefs.meta.map((meta) => {
      const stored = Object.prototype.hasOwnProperty.call(prefs.stored, meta.name) ? prefs.stored[meta.name] : undefined;
      // TZID's default is this computer's zone (the background reports it), not the core's UTC.
      const dflt = meta.name === 'TZID' ? prefs.systemZone : (meta.default ?? '');
      const shown = stored ?? (meta.name === 'TZID' ? prefs.systemZone : (prefs.effective[meta.name] ?? dflt));
      return new PrefField(meta, stored, shown, dflt, prefs.systemZone, p, () => this.prefChanged(meta.name));
    });
    const group = (g: Group) => this.fields.filter((f) => groupOf(f.meta) === g).map((f) => f.row);

    this.booking = fieldset('booking', t('options_booking_heading'), t('options_booking_intro'), group('booking'));
    replace(
      this.body,
      fieldset('role', t('options_role_heading'), null, [
        h('div', { class: 'pref' }, h('label', { for: this.role.id, class: 'pref-label' }, t('options_role_label')), this.role, this.roleHelp),
        h(
          'div',
          { class: 'pref' },
          labelled(this.checks.autoAnswers, 'options_auto_label'),
          h('p', { id: `${p}-auto-help`, class: 'help' }, t('options_auto_help')),
          this.resourceWarning,
        ),
      ]),
      fieldset(
        'notify',
        t('options_notify_heading'),
        null,
        NOTIFY.map((n) =>
          h(
            'div',
            { class: 'pref' },
            labelled(this.checks[n], `options_${n}_label`),
            h('p', { id: `${this.checks[n].id}-help`, class: 'help' }, t(`options_${n}_help`)),
          ),
        ),
      ),
      fieldset('engine', t('options_engine_heading'), t('options_durations_help'), group('engine')),
      this.booking,
      fieldset('limits', t('options_limits_heading'), t('options_limits_intro'), group('limits')),
    );
    this.checks.autoAnswers.setAttribute('aria-describedby', `${p}-auto-help`);
    for (const n of NOTIFY) this.checks[n].setAttribute('aria-describedby', `${this.checks[n].id}-help`);
    this.showRole();
  }

  private field(name: string): PrefField | undefined {
    return this.fields.find((f) => f.name === name);
  }

  /** Role "not participating" and the engine's `participating=no` say the same: keep them in step. */
  private roleChanged(): void {
    const participating = this.field('participating');
    if (participating) {
      if (this.role.value === 'none' && participating.value() !== 'no') participating.choose('no');
      else if (this.role.value !== 'none' && participating.value() === 'no') participating.choose('participate');
    }
    this.showRole();
    this.dirty();
  }

  private prefChanged(name: string): void {
    if (name === 'participating') {
      const value = this.field(name)!.value();
      if (value === 'no' && this.role.value !== 'none') this.role.value = 'none';
      else if (value !== 'no' && this.role.value === 'none') this.role.value = 'person';
      this.showRole();
    }
    this.dirty();
  }

  private showRole(): void {
    const role = this.role.value as IdentityRole;
    this.roleHelp.textContent = t(`options_role_${role}_help`);
    this.booking.hidden = role !== 'resource';
    this.el.dataset['role'] = role;
    this.resourceWarning.hidden = !(role === 'resource' && !this.checks.autoAnswers.checked);
  }

  private currentSettings(): IdentitySettings {
    return {
      role: this.role.value as IdentityRole,
      autoAnswers: this.checks.autoAnswers.checked,
      notifyInvitations: this.checks.notifyInvitations.checked,
      notifyCounters: this.checks.notifyCounters.checked,
      reminders: this.checks.reminders.checked,
    };
  }

  private settingsChanged(): boolean {
    const now = this.currentSettings();
    return !!this.settings && (Object.keys(now) as (keyof IdentitySettings)[]).some((k) => now[k] !== this.settings![k]);
  }

  private prefChanges(): { prefs: Record<string, string>; unset: string[] } {
    const prefs: Record<string, string> = {};
    const unset: string[] = [];
    for (const f of this.fields) {
      const c = f.change();
      if (c && 'set' in c) prefs[f.name] = c.set;
      else if (c) unset.push(f.name);
    }
    return { prefs, unset };
  }

  private dirty(): void {
    const { prefs, unset } = this.prefChanges();
    const changed = this.settingsChanged() || Object.keys(prefs).length > 0 || unset.length > 0;
    this.el.classList.toggle('dirty', changed);
    this.status.show(changed ? 'pending' : null, changed ? t('options_unsaved') : '');
  }

  async save(): Promise<void> {
    if (this.busy || !this.settings) return;
    const identity = this.info.email;
    const { prefs, unset } = this.prefChanges();
    const settings = this.currentSettings();
    const prefsChanged = Object.keys(prefs).length > 0 || unset.length > 0;
    if (!prefsChanged && !this.settingsChanged()) {
      this.status.show('info', t('options_nothing_changed'));
      return;
    }
    for (const f of this.fields) f.setError(null);
    this.busy = true;
    this.saveButton.setAttribute('aria-disabled', 'true');
    this.status.show('pending', t('options_saving'));
    try {
      if (prefsChanged) {
        try {
          await call('prefs.set', { identity, prefs, ...(unset.length ? { unset } : {}) });
        } catch (e) {
          const message = (e as Error).message;
          const { name, reason } = refusal(message, [...Object.keys(prefs), ...unset]);
          const field = name ? this.field(name) : undefined;
          if (field) {
            field.setError(reason);
            this.status.show('error', t('options_refused_notice', prefLabel(field.meta)));
            field.focus();
          } else this.status.show('error', t('options_save_failed', message));
          return;
        }
      }
      if (this.settingsChanged()) {
        try {
          this.settings = await call('settings.set', { identity, settings });
        } catch (e) {
          this.status.show('error', t(prefsChanged ? 'options_settings_failed' : 'options_save_failed', (e as Error).message));
          return;
        }
      }
      // Reload what the background now holds: stored values, defaults, the effective set.
      const fresh = await call('prefs.get', { identity }).catch(() => null);
      if (fresh) this.render(this.settings, fresh);
      else await this.load();
      this.el.classList.remove('dirty');
      this.status.show('ok', t('options_saved'));
    } finally {
      this.busy = false;
      this.saveButton.removeAttribute('aria-disabled');
    }
  }
}

function labelled(input: HTMLInputElement, key: string): HTMLLabelElement {
  return h('label', { class: 'inline check' }, input, h('span', {}, t(key)));
}

function fieldset(kind: string, legend: string, intro: string | null, rows: HTMLElement[]): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: `card group group-${kind}`, 'data-group': kind },
    h('legend', {}, legend),
    intro ? h('p', { class: 'explain' }, intro) : null,
    ...rows,
  );
}
