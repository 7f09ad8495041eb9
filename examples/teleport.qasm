// Teleports RY(1.2)|0> from q[0] to q[2]; P(c2 = 1) = sin^2(0.6) ≈ 0.3188.
OPENQASM 3;
include "stdgates.inc";
qubit[3] q;
bit m0;
bit m1;
bit c2;
ry(1.2) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
m0 = measure q[0];
m1 = measure q[1];
if (m1 == 1) x q[2];
if (m0 == 1) z q[2];
c2 = measure q[2];
