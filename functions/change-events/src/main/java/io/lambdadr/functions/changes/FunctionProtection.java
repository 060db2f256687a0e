package io.lambdadr.functions.changes;

import io.lambdadr.core.config.DrConfig;

/** Port: whether a function of the source region is one lambda-dr replicates. */
interface FunctionProtection {

    /** How a function stands against the configuration's protect tag. */
    enum Status {
        PROTECTED, NOT_PROTECTED,
        /** The function no longer exists (deleted since the call): there is nothing to copy. */
        NOT_FOUND
    }

    /** One read of the function's tags, in the source region. */
    Status of(String function, DrConfig config);
}
