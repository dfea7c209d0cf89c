package dev.maplab.mapinmap.mutant;

import dev.maplab.api.BpfMap;
import dev.maplab.api.MapSpec;
import dev.maplab.mapinmap.ArrayOfMaps;
import dev.maplab.mapinmap.MapRegistry;

/**
 * Mutant: the outer array accepts any inner map, whatever the template says ({@code map_meta_equal} is
 * skipped). A program that was verified against the template's layout (key size, value size, type) then
 * gets an inner map of another shape from its lookup: in the kernel, reads past the end of smaller
 * values; here, a map whose spec differs from the template's.
 */
public class MismatchedInnerArrayOfMaps extends ArrayOfMaps {
    public MismatchedInnerArrayOfMaps(MapSpec spec, BpfMap template, MapRegistry registry) {
        super(spec, template, registry);
    }

    @Override
    protected boolean acceptsInner(BpfMap inner) {
        return true; // DEFECT: the template is not checked
    }
}
