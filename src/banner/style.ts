// The bar's look. It lives in the message's own document, whose CSP and styles are the sender's:
// styles are set through the CSSOM on each element (never a <style> element or markup), in the
// system colours so the light and dark themes both read, and with `all: revert`-free explicit
// values so the mail's own CSS does not reach into the bar's boxes.
export const S = {
  bar: 'all: initial; display: block; font: menu; font-size: 13px; line-height: 1.4; color: CanvasText; background: Canvas; border: 1px solid #8f8f9d; border-inline-start: 4px solid #0060df; border-radius: 4px; padding: 8px 10px; margin: 0 0 10px;',
  item: 'display: block; padding: 2px 0;',
  separator: 'border-top: 1px solid #8f8f9d55; margin-top: 6px; padding-top: 6px;',
  title: 'display: block; font-weight: 600; font-size: 14px;',
  line: 'display: block; margin: 2px 0;',
  conflict: 'display: block; margin: 2px 0; color: #b00020; color: light-dark(#b00020, #ff8a80);',
  ok: 'display: block; margin: 2px 0; color: #1b5e20; color: light-dark(#1b5e20, #81c784);',
  state: 'display: block; margin: 2px 0; font-weight: 600;',
  row: 'display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; align-items: center;',
  button:
    'font: menu; font-size: 13px; padding: 3px 10px; border-radius: 4px; border: 1px solid #8f8f9d; background: ButtonFace; color: ButtonText; cursor: pointer;',
  primary: 'font: menu; font-size: 13px; padding: 3px 10px; border-radius: 4px; border: 1px solid #0060df; background: #0060df; color: #fff; cursor: pointer;',
  pressed:
    'font: menu; font-size: 13px; padding: 3px 10px; border-radius: 4px; border: 2px solid #0060df; background: ButtonFace; color: ButtonText; font-weight: 600; cursor: pointer;',
  link: 'font: menu; font-size: 13px; padding: 3px 4px; border: none; background: none; color: LinkText; text-decoration: underline; cursor: pointer;',
  muted: 'display: block; margin: 2px 0; opacity: 0.8;',
  error: 'display: block; margin: 2px 0; color: #b00020; color: light-dark(#b00020, #ff8a80); white-space: pre-wrap;',
} as const;
