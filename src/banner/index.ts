// The compact banner inside a displayed message (optional: global setting `banner`). It asks the
// background what the agent did with this message and shows it as text only (never markup: the
// text is derived from mail written by strangers).

interface Banner {
  text: string;
  hint: string;
}

async function show(): Promise<void> {
  const reply = (await browser.runtime.sendMessage({ query: 'imip-agent.banner' }).catch(() => null)) as Banner | null;
  if (!reply || typeof reply.text !== 'string' || document.getElementById('imip-agent-banner')) return;
  const box = document.createElement('div');
  box.id = 'imip-agent-banner';
  box.setAttribute('role', 'status');
  box.style.cssText = 'font: menu; padding: 6px 10px; margin: 0 0 8px; border-radius: 4px; border: 1px solid #8f8f9d; background: Canvas; color: CanvasText;';
  const line = document.createElement('strong');
  line.textContent = reply.text;
  const hint = document.createElement('div');
  hint.textContent = reply.hint;
  box.append(line, hint);
  document.body.prepend(box);
}

void show();
