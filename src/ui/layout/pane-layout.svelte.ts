/** Heights of the packet list and the details panes, shared by every capture's view so tabs line up. */
export class PaneLayout {
  list = $state(Math.round(globalThis.innerHeight * 0.42));
  tree = $state(Math.round(globalThis.innerHeight * 0.28));
}
