/** For src/worker, which imports it from here until it imports src/abi itself. */
export { SideKind } from '../abi/core-constants';
