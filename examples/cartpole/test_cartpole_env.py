#!/usr/bin/python3
"""The built-in CartPole-v0 against hand-computed Euler steps, its termination and encoding.

Run: /usr/bin/python3 examples/cartpole/test_cartpole_env.py (no sorn module needed)."""

import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cartpole import CartPole, Encoder, moving_mean, solved_at  # noqa: E402


class Dynamics(unittest.TestCase):
    def test_two_steps_from_rest(self):
        # At theta = 0: temp = F / M = 100/11, theta_acc = -temp / (l (4/3 - m/M)) = -600/41,
        # x_acc = temp - m l theta_acc / M = 4400/451; Euler with tau = 0.02.
        s1 = CartPole.dynamics(np.zeros(4), 1)
        np.testing.assert_allclose(s1, [0.0, 88 / 451, 0.0, -12 / 41], rtol=0, atol=1e-15)
        # theta is still 0 at the second step, so the accelerations repeat.
        s2 = CartPole.dynamics(s1, 1)
        np.testing.assert_allclose(s2, [1.76 / 451, 176 / 451, -0.24 / 41, -24 / 41],
                                   rtol=0, atol=1e-15)
        # Pushing left mirrors it.
        np.testing.assert_allclose(CartPole.dynamics(np.zeros(4), 0), -s1, rtol=0, atol=1e-15)

    def test_step_with_tilt(self):
        # (x, x_dot, theta, theta_dot) = (0.1, -0.2, 0.05, 0.3), pushed left; computed with bc:
        # temp = -9.0907046306711654, theta_acc = 15.401165680307569, x_acc = -9.7898827321981291.
        s = CartPole.dynamics(np.array([0.1, -0.2, 0.05, 0.3]), 0)
        np.testing.assert_allclose(
            s, [0.096, -0.39579765464396258, 0.056, 0.60802331360615138], rtol=0, atol=1e-14)

    def test_termination_and_truncation(self):
        limit = 12 * 2 * math.pi / 360
        self.assertFalse(CartPole.failed([2.4, 0, limit, 0]))
        self.assertTrue(CartPole.failed([0, 0, limit + 1e-9, 0]))
        self.assertTrue(CartPole.failed([0, 0, -limit - 1e-9, 0]))
        self.assertTrue(CartPole.failed([2.4 + 1e-9, 0, 0, 0]))
        self.assertTrue(CartPole.failed([-2.4 - 1e-9, 0, 0, 0]))
        env = CartPole(seed=3)
        obs = env.reset()
        steps, done, info = 0, False, {}
        while not done:  # pushing toward where the pole falls keeps it up for 200 steps
            obs, reward, done, info = env.step(int(obs[2] + obs[3] > 0))
            self.assertEqual(reward, 1.0)
            steps += 1
        self.assertEqual(steps, 200)
        self.assertTrue(info["truncated"])
        env.reset()
        steps, done = 0, False
        while not done:  # always right: the pole falls left long before 200
            _, _, done, info = env.step(1)
            steps += 1
        self.assertLess(steps, 200)
        self.assertFalse(info["truncated"])
        self.assertGreater(abs(env.state[2]), limit)

    def test_reset(self):
        env = CartPole(seed=7)
        starts = np.array([env.reset() for _ in range(500)])
        self.assertTrue(np.all(np.abs(starts) <= 0.05))
        self.assertGreater(starts.std(), 0.02)  # U(-0.05, 0.05): sd 0.0289
        np.testing.assert_array_equal(CartPole(seed=7).reset(), starts[0])  # seeded

    def test_bad_action(self):
        env = CartPole(seed=1)
        env.reset()
        with self.assertRaises(ValueError):
            env.step(2)


class Encoding(unittest.TestCase):
    def test_fields(self):
        enc = Encoder(fields=5)
        self.assertEqual(enc.nu, 20)
        u = enc(np.zeros(4))
        # centres -r, -r/2, 0, r/2, r with width r/2: exp(-k^2 / 2) at k spacings from 0.
        expected = np.exp(-0.5 * np.array([2, 1, 0, 1, 2]) ** 2)
        np.testing.assert_allclose(u, np.tile(expected, 4), rtol=1e-15)
        # beyond the range: the outermost field at its peak.
        self.assertEqual(enc(np.array([10.0, 0, 0, 0]))[4], 1.0)


class Curve(unittest.TestCase):
    def test_moving_mean_and_solved(self):
        np.testing.assert_allclose(moving_mean([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5])
        self.assertIsNone(solved_at([200] * 99))
        self.assertEqual(solved_at([10] * 5 + [200] * 100), 103)  # episodes 4..103: 196.2
        self.assertEqual(solved_at([10] * 2 + [200] * 98), 100)  # mean 196.2 at episode 100


if __name__ == "__main__":
    unittest.main()
