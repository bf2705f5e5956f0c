// What GRE tells the protocol it carries: whether its header had a sequence number, which is how ERSPAN type I
// (none) is told from type II. Set by GRE right before it dispatches its payload.
export let sequencePresent = false;

export function setSequencePresent(present: bool): void {
  sequencePresent = present;
}
