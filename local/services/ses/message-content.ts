import { SesErrors } from './errors';

/** What a message says, as the sent-message record keeps it. */
export interface RenderedContent {
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  /** Raw messages: the MIME text. */
  readonly raw?: string;
  /** Raw messages: headers read from the MIME text (lower-case names). */
  readonly headers?: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * Reads SES v2's `EmailContent`: exactly one of `Simple` (subject, text and
 * HTML bodies), `Raw` (base64 MIME) or `Template` with inline
 * `TemplateContent`. Stored templates (`TemplateName`) do not exist locally.
 */
export function renderContent(content: unknown, templateData?: string): RenderedContent {
  const c = asObject(content);
  if (!c) throw SesErrors.badRequest('Content is required');
  const kinds = ['Simple', 'Raw', 'Template'].filter((k) => c[k] !== undefined);
  if (kinds.length !== 1)
    throw SesErrors.badRequest(
      `Content must have exactly one of Simple, Raw or Template, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`,
    );
  if (c.Simple !== undefined) return simple(asObject(c.Simple) ?? {});
  if (c.Raw !== undefined) return raw(asObject(c.Raw) ?? {});
  return template(asObject(c.Template) ?? {}, templateData);
}

function simple(message: Json): RenderedContent {
  const subject = asObject(message.Subject)?.Data;
  const body = asObject(message.Body);
  if (typeof subject !== 'string')
    throw SesErrors.badRequest('Content.Simple.Subject.Data is required');
  if (!body) throw SesErrors.badRequest('Content.Simple.Body is required');
  const text = asObject(body.Text)?.Data;
  const html = asObject(body.Html)?.Data;
  return {
    subject,
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof html === 'string' ? { html } : {}),
  };
}

function raw(message: Json): RenderedContent {
  if (typeof message.Data !== 'string' || message.Data.length === 0)
    throw SesErrors.badRequest('Content.Raw.Data is required');
  const text = Buffer.from(message.Data, 'base64').toString('utf8');
  const headers = mimeHeaders(text);
  const subject = headers.get('subject');
  return { raw: text, headers, ...(subject !== undefined ? { subject } : {}) };
}

function template(t: Json, overrideData?: string): RenderedContent {
  if (t.TemplateName !== undefined || t.TemplateArn !== undefined) {
    throw SesErrors.notFound(
      `Template ${String(t.TemplateName ?? t.TemplateArn)} does not exist (the local cloud keeps no stored templates; use TemplateContent)`,
    );
  }
  const content = asObject(t.TemplateContent);
  if (!content) throw SesErrors.badRequest('Content.Template needs TemplateContent');
  const dataText = overrideData ?? (typeof t.TemplateData === 'string' ? t.TemplateData : '{}');
  let data: Json;
  try {
    data = asObject(JSON.parse(dataText)) ?? {};
  } catch {
    throw SesErrors.badRequest(`TemplateData is not a JSON object: ${dataText}`);
  }
  const fill = (s: unknown) =>
    typeof s === 'string'
      ? s.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) =>
          data[name] === undefined ? '' : String(data[name]),
        )
      : undefined;
  const subject = fill(content.Subject);
  const text = fill(content.Text);
  const html = fill(content.Html);
  return {
    ...(subject !== undefined ? { subject } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(html !== undefined ? { html } : {}),
  };
}

/** The header block of a MIME message, folded lines joined, names in lower case. */
function mimeHeaders(message: string): Map<string, string> {
  const block = message.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of block.split(/\r?\n/)) {
    if (/^\s/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return headers;
}
