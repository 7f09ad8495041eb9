/** How long work reports how far it got, without knowing who listens. */
package io.qubitd.progress;
