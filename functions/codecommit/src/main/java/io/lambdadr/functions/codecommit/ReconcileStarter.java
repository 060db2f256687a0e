package io.lambdadr.functions.codecommit;

/** Port: starts a full reconcile of every protected function. */
interface ReconcileStarter {

    /** Starts, without waiting for it, a reconcile that records a baseline labelled {@code tag}. */
    void startBaseline(String tag);
}
