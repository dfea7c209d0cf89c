/**
 * Map-in-map: BPF_MAP_TYPE_ARRAY_OF_MAPS ({@link dev.maplab.mapinmap.ArrayOfMaps}) and
 * BPF_MAP_TYPE_HASH_OF_MAPS ({@link dev.maplab.mapinmap.HashOfMaps}), their template rule
 * ({@link dev.maplab.mapinmap.InnerMapMeta}) and the fds and map IDs user space names maps by
 * ({@link dev.maplab.mapinmap.MapRegistry}).
 */
package dev.maplab.mapinmap;
