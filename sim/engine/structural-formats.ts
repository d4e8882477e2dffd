/**
 * The string `format`s kube-apiserver checks in custom resources (kube-openapi `strfmt` default
 * registry, restricted to apiextensions' supported list). Names are normalized without `-`
 * (`date-time` → `datetime`), as the registry does.
 */

const RE: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid3: /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid4: /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  uuid5: /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  hexcolor: /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/,
  rgbcolor: /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/,
  bsonobjectid: /^[0-9a-fA-F]{24}$/,
  ssn: /^\d{3}[- ]?\d{2}[- ]?\d{4}$/,
  isbn10: /^(?:[0-9]{9}X|[0-9]{10})$/,
  isbn13: /^(?:[0-9]{13})$/,
  creditcard: /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-9]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/,
  hostname: /^(?=.{1,253}$)[A-Za-z0-9\u00a1-\uffff]([A-Za-z0-9\u00a1-\uffff-]{0,61}[A-Za-z0-9\u00a1-\uffff])?(\.[A-Za-z0-9\u00a1-\uffff]([A-Za-z0-9\u00a1-\uffff-]{0,61}[A-Za-z0-9\u00a1-\uffff])?)*$/,
  email: /^[^\s@<>()]+@[^\s@<>()]+$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

/** `time.Parse("2006-01-02", s)`: a real calendar date. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** strfmt `IsDateTime`: split on the first `t` (case-insensitive), RFC 3339 time with zone. */
function isDateTime(str: string): boolean {
  if (str.length < 4) return false;
  const parts = str.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] ?? '')) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1] ?? '');
  return !!m && (m[1] ?? '') <= '23' && (m[2] ?? '') <= '59' && (m[3] ?? '') <= '59';
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const UNITS = [['ns', 'nano'], ['us', 'µs', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week']];

/** strfmt `ParseDuration`: Go durations, or `<n> <unit>` pairs with long unit names (`3 days`). */
function isDuration(s: string): boolean {
  if (s === '0' || GO_DURATION.test(s)) return true;
  for (const m of s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const unit = (m[2] ?? '').toLowerCase();
    if (UNITS.some((v) => v.some((variant, i) => variant === unit || (i === v.length - 1 && unit.startsWith(variant))))) return true;
  }
  return false;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4 = last.includes('.') ? isIPv4(last) : false;
  if (last.includes('.') && !v4) return false;
  const hex = v4 ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return dbl.length === 2 ? count < 8 : count === 8;
}

function isCIDR(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits) || ip === undefined) return false;
  return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
}

const isMAC = (s: string) => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(s) || /^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$/.test(s) || /^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/.test(s);

/** `url.ParseRequestURI`: an absolute URI or an absolute path. */
const isURI = (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s) || /^\/\S*$/.test(s);

/** True when `value` is valid for the (normalized) `format`; unknown formats are not checked. */
export function formatValid(format: string, value: string): boolean {
  switch (format) {
    case 'datetime':
      return isDateTime(value);
    case 'date':
      return isDate(value);
    case 'duration':
      return isDuration(value);
    case 'ipv4':
      return isIPv4(value);
    case 'ipv6':
      return isIPv6(value);
    case 'cidr':
      return isCIDR(value);
    case 'mac':
      return isMAC(value);
    case 'uri':
      return isURI(value);
    case 'password':
      return true;
    case 'isbn':
      return RE.isbn10?.test(value.replaceAll('-', '')) === true || RE.isbn13?.test(value.replaceAll('-', '')) === true;
    case 'byte':
      return value.length % 4 === 0 && RE.byte?.test(value) === true;
    default: {
      const re = RE[format];
      return re ? re.test(format === 'creditcard' ? value.replace(/\D/g, '') : value) : true;
    }
  }
}
