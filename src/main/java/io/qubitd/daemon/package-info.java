/** The long-running daemon: {@link io.qubitd.daemon.Daemon#start} wires chips, schedulers and the gateway over the job journal. */
package io.qubitd.daemon;
