/**
 * The error a strategic merge patch fails with. `status` is the HTTP status kube-apiserver answers
 * with for that failure (`interpretStrategicMergePatchError`): 400 for malformed directives, 422 for
 * lists of lists, 415 for custom resources (no strategic merge), 500 for the rest, whose message
 * upstream returns verbatim with reason Unknown.
 */
export class PatchError extends Error {
  readonly status: 400 | 415 | 422 | 500;

  constructor(message: string, status: 400 | 415 | 422 | 500 = 500) {
    super(message);
    this.name = 'PatchError';
    this.status = status;
  }
}
