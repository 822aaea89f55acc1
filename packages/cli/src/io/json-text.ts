/** JSON files are read by core's strict parser (duplicate keys refused, byte-order mark ignored). */
export { parseJsonText } from '@sparseprop/core';
