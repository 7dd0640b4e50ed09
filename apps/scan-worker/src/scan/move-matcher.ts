export interface Fingerprinted<Id> {
  id: Id;
  fingerprint: string | null;
}

export interface MatchedMove<Id> {
  /** The image that vanished from its old path; it keeps its id and derivatives. */
  missingId: Id;
  /** The row staged for the same content at its new path; it gives way. */
  addedId: Id;
}

/**
 * Pairs vanished images with newly found ones of the same fingerprint, one to one: two copies of a
 * file moved together become two moves, and a third copy stays a new image.
 */
export function matchMoves<Id>(missing: ReadonlyArray<Fingerprinted<Id>>, added: ReadonlyArray<Fingerprinted<Id>>): Array<MatchedMove<Id>> {
  const addedByFingerprint = new Map<string, Id[]>();
  for (const image of added) {
    if (!image.fingerprint) continue;
    const ids = addedByFingerprint.get(image.fingerprint) ?? [];
    ids.push(image.id);
    addedByFingerprint.set(image.fingerprint, ids);
  }
  const moves: Array<MatchedMove<Id>> = [];
  for (const image of missing) {
    const addedId = image.fingerprint ? addedByFingerprint.get(image.fingerprint)?.shift() : undefined;
    if (addedId !== undefined) moves.push({ missingId: image.id, addedId });
  }
  return moves;
}
