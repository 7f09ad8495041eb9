OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input bool flip;
bit[2] c;
int switch_dummy;
qubit[3] q;
stretch s0;
rx(theta) q[0];
c[0] = measure q[0];
if (c[0]) {
  x q[1];
} else {
  h q[1];
}
c[1] = measure q[1];
switch_dummy = c;
switch (switch_dummy) {
  case 0 {
    x q[2];
  }
  case 1, 2 {
    delay[100dt] q[2];
  }
  default {
    z q[2];
  }
}
while (c[0] == true) {
  reset q[0];
  c[0] = measure q[0];
}
for _ in [0:1] {
  delay[s0] q[2];
}
if (flip && c[1] == false) {
  x q[2];
}
barrier q[0], q[1], q[2];
bit[1] r;
r[0] = measure q[2];
