#!/usr/bin/python3
"""Cart-pole balanced by a policy over a SORN reservoir's excitatory state (docs/EXAMPLES.md).

The seed README's gym loop with the distributed engine: each observation of CartPole-v0 is
encoded onto the input units, the network runs a plasticity phase for the first episodes and a
training phase with the reservoir frozen afterwards, and a logistic readout of x(t), trained by
REINFORCE with a learned baseline (or actor-critic), picks the action. Seeded and reproducible,
on one process or under `mpirun -n N` (every rank computes the same policy from the same x; only
rank 0 writes).

usage: PYTHONPATH=build/python /usr/bin/python3 examples/cartpole/cartpole.py --out DIR
"""

import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np

# ---- the environment --------------------------------------------------------------------------


class CartPole:
    """CartPole-v0: Barto, Sutton & Anderson (1983) with gym's constants and Euler steps.

    reset() -> observation (x, x_dot, theta, theta_dot); step(action) -> (observation, reward,
    done, info) as gym's classic interface; action 1 pushes right, 0 left; info["truncated"] says
    the episode reached max_steps without failing."""

    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masscart + masspole
    length = 0.5  # half the pole's length
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02  # seconds per step
    theta_threshold = 12 * 2 * math.pi / 360
    x_threshold = 2.4
    max_steps = 200

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.state = None
        self.steps = 0

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return self.state.copy()

    @classmethod
    def dynamics(cls, state, action):
        """One Euler step of the equations of motion: the next (x, x_dot, theta, theta_dot)."""
        x, x_dot, theta, theta_dot = state
        force = cls.force_mag if action == 1 else -cls.force_mag
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (force + cls.polemass_length * theta_dot**2 * sin) / cls.total_mass
        theta_acc = (cls.gravity * sin - cos * temp) / (
            cls.length * (4.0 / 3.0 - cls.masspole * cos**2 / cls.total_mass))
        x_acc = temp - cls.polemass_length * theta_acc * cos / cls.total_mass
        return np.array([x + cls.tau * x_dot, x_dot + cls.tau * x_acc,
                         theta + cls.tau * theta_dot, theta_dot + cls.tau * theta_acc])

    @classmethod
    def failed(cls, state):
        return abs(state[0]) > cls.x_threshold or abs(state[2]) > cls.theta_threshold

    def step(self, action):
        if action not in (0, 1):
            raise ValueError(f"action = {action!r}: must be 0 or 1")
        self.state = self.dynamics(self.state, action)
        self.steps += 1
        failed = self.failed(self.state)
        truncated = not failed and self.steps >= self.max_steps
        return self.state.copy(), 1.0, failed or truncated, {"truncated": truncated}


class GymnasiumCartPole:
    """gymnasium's CartPole-v0 behind the same interface (used when gymnasium is importable)."""

    def __init__(self, seed):
        import gymnasium

        self.env = gymnasium.make("CartPole-v0")
        self.seed = seed

    def reset(self):
        obs, _ = self.env.reset(seed=self.seed)
        self.seed = None  # seeded once, then the environment's own stream goes on
        return np.asarray(obs, dtype=np.float64)

    def step(self, action):
        obs, reward, terminated, truncated, _ = self.env.step(int(action))
        truncated = truncated and not terminated
        return np.asarray(obs, dtype=np.float64), reward, terminated or truncated, {
            "truncated": truncated}


def make_env(kind, seed):
    if kind == "auto":
        try:
            import gymnasium  # noqa: F401

            kind = "gymnasium"
        except ImportError:
            kind = "builtin"
    return (GymnasiumCartPole if kind == "gymnasium" else CartPole)(seed), kind


# ---- the encoding -----------------------------------------------------------------------------

# The range each observation's receptive fields cover (x, x_dot, theta, theta_dot); values
# beyond it drive the outermost field.
RANGES = np.array([2.4, 2.0, CartPole.theta_threshold, 2.5])


class Encoder:
    """Gaussian receptive fields: `fields` per observation dimension, centres evenly spaced over
    [-range, range], width = the spacing. u has nu = 4 * fields values in [0, 1]; unit
    d * fields + k is field k of dimension d."""

    def __init__(self, fields, width=1.0):
        self.fields = fields
        self.centres = np.linspace(-1.0, 1.0, fields)[None, :] * RANGES[:, None]
        self.sigma = width * (2.0 * RANGES / (fields - 1))[:, None]

    @property
    def nu(self):
        return 4 * self.fields

    def __call__(self, obs):
        o = np.clip(obs, -RANGES, RANGES)[:, None]
        return np.exp(-0.5 * ((o - self.centres) / self.sigma) ** 2).ravel()


# ---- the policy -------------------------------------------------------------------------------


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


class ActorCritic:
    """A logistic policy P(right | phi) = sigmoid(w . phi) and a linear critic V(phi) = v . phi,
    learned by one-step actor-critic with eligibility traces (TD(lambda)). phi = the reservoir
    features plus a bias."""

    def __init__(self, n, args):
        self.w = np.zeros(n)
        self.v = np.zeros(n)
        self.args = args

    def prob(self, phi):
        return sigmoid(float(self.w @ phi))

    def begin(self):
        self.ew = np.zeros_like(self.w)
        self.ev = np.zeros_like(self.v)

    def update(self, phi, action, p, reward, phi_next, terminal, done):
        """One transition phi -(action, taken with P(right) = p)-> phi_next (None after a
        failure); terminal: it failed; done: the episode ended (failure or the 200-step cut)."""
        a = self.args
        value_next = 0.0 if terminal else float(self.v @ phi_next)
        delta = reward + a.gamma * value_next - float(self.v @ phi)
        self.ev = a.gamma * a.lam * self.ev + phi
        self.ew = a.gamma * a.lam * self.ew + (action - p) * phi  # grad log pi
        self.v += a.lr_critic * delta * self.ev
        self.w += a.lr_actor * delta * self.ew


class Reinforce:
    """REINFORCE with a learned linear baseline: after each episode, w += lr (G_t - V(phi_t))
    grad log pi(a_t | phi_t), and V moves toward G_t."""

    def __init__(self, n, args):
        self.w = np.zeros(n)
        self.v = np.zeros(n)
        self.args = args

    def prob(self, phi):
        return sigmoid(float(self.w @ phi))

    def begin(self):
        self.episode = []

    def update(self, phi, action, p, reward, phi_next, terminal, done):
        """As ActorCritic.update; learns when the episode is done."""
        self.episode.append((phi, action, p, reward))
        if not done:
            return
        a = self.args
        g = 0.0
        if not terminal:
            g = float(self.v @ phi_next)  # truncated: bootstrap
        gw = np.zeros_like(self.w)
        gv = np.zeros_like(self.v)
        norm = 0.0
        for phi_t, a_t, p_t, r_t in reversed(self.episode):
            g = r_t + a.gamma * g
            adv = g - float(self.v @ phi_t)
            gw += adv * (a_t - p_t) * phi_t
            gv += adv * phi_t
            norm += float(phi_t @ phi_t)
        self.w += a.lr_actor * gw
        # The baseline's step is normalized by sum ||phi_t||^2 (a bound of the Hessian's
        # largest eigenvalue): stable for lr_critic < 2, whatever the episode length.
        self.v += a.lr_critic / norm * gv


# ---- the loop ---------------------------------------------------------------------------------


def random_baseline(episodes, seed):
    """Episode lengths of the uniformly random policy in the built-in CartPole-v0."""
    env = CartPole(seed)
    rng = np.random.default_rng(seed + 1)
    lengths = []
    for _ in range(episodes):
        env.reset()
        n, done = 0, False
        while not done:
            _, _, done, _ = env.step(int(rng.integers(2)))
            n += 1
        lengths.append(n)
    return lengths


def moving_mean(values, window):
    c = np.cumsum(np.insert(np.asarray(values, dtype=np.float64), 0, 0.0))
    i = np.arange(1, len(values) + 1)
    lo = np.maximum(0, i - window)
    return (c[i] - c[lo]) / (i - lo)


def solved_at(lengths, window=100, goal=195.0):
    """The first episode (1-based) that ends `window` consecutive episodes of mean >= goal."""
    for e in range(window, len(lengths) + 1):
        if np.mean(lengths[e - window:e]) >= goal:
            return e
    return None


def train(args, log):
    import sorn

    enc = Encoder(args.fields, args.width)
    params = dict(ne=args.ne, nu=enc.nu, seed=args.seed, input_mapping="pool",
                  input_pool_size=args.pool, input_gain=args.gain, noise_sigma=args.noise)
    net = sorn.Network(**params)
    env, kind = make_env(args.env, args.seed)
    # features: the E state (or, for comparison, u(t) itself) and a bias
    n = (args.ne if args.features == "reservoir" else enc.nu) + 1
    agent = (ActorCritic if args.algo == "ac" else Reinforce)(n, args)
    rng = np.random.default_rng(args.seed + 2)

    def features(obs):
        u = enc(obs)
        acc = np.zeros(n)
        for _ in range(args.substeps):
            x = net.step(u)
            if args.features == "reservoir":
                acc[:-1] += x
        acc[:-1] = acc[:-1] / args.substeps if args.features == "reservoir" else u
        acc[-1] = 1.0
        return acc

    rows = []
    start = time.perf_counter()
    if args.warmup:
        # As the seed's loop starts from matrices that converged under random input and noise:
        # the plasticity phase first runs at the C++ speed with u(t) ~ U(0, 1) on every unit.
        u = np.random.default_rng(args.seed + 3).random((args.warmup, enc.nu))
        net.run(args.warmup, inputs=u)
    for episode in range(args.episodes):
        if episode == args.plasticity_episodes:
            net.phase = "training"
        phase = net.phase
        obs = env.reset()
        phi = features(obs)
        agent.begin()
        length, done = 0, False
        while not done:
            p = agent.prob(phi)
            action = 1 if rng.random() < p else 0
            obs, reward, done, info = env.step(action)
            length += 1
            terminal = done and not info["truncated"]
            phi_next = None if terminal else features(obs)
            if args.reward == "failure":  # Barto et al.: 0 per step, -1 at the failure
                reward = -1.0 if terminal else 0.0
            agent.update(phi, action, p, reward, phi_next, terminal, done)
            phi = phi_next
        rows.append((episode + 1, phase, length))
        if args.verbose and (episode + 1) % args.verbose == 0:
            recent = [r[2] for r in rows[-args.verbose:]]
            log(f"episode {episode + 1}: mean length of the last {args.verbose} "
                f"{np.mean(recent):.1f} ({time.perf_counter() - start:.1f} s)")
    seconds = time.perf_counter() - start
    net.close()
    return rows, seconds, kind, params


def plot(path, rows, baseline, window):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ep = np.array([r[0] for r in rows])
    lengths = np.array([r[2] for r in rows])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(ep, lengths, ".", ms=2, color="0.6", label="episode length")
    ax.plot(ep, moving_mean(lengths, window), color="C0", lw=2, label=f"mean of the last {window}")
    ax.axhline(np.mean(baseline), color="C3", ls="--",
               label=f"random policy (mean {np.mean(baseline):.1f})")
    ax.axhline(195, color="C2", ls=":", label="solved: mean >= 195 over 100")
    plastic = [r[0] for r in rows if r[1] == "plasticity"]
    if plastic:
        ax.axvspan(0.5, max(plastic) + 0.5, color="C1", alpha=0.12, label="plasticity phase")
    ax.set_xlabel("episode")
    ax.set_ylabel("steps balanced")
    ax.set_ylim(0, 210)
    ax.set_title("CartPole-v0 with a SORN reservoir")
    ax.legend(loc="center right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--episodes", type=int, default=1000, help="episodes to play")
    p.add_argument("--out", default="cartpole_out", help="directory of the results (rank 0)")
    p.add_argument("--seed", type=int, default=1, help="seed of the network, env and policy")
    p.add_argument("--plasticity-episodes", type=int, default=20,
                   help="episodes with the reservoir plastic; the rest run it frozen")
    p.add_argument("--warmup", type=int, default=0,
                   help="plastic network steps with U(0, 1) input before the first episode")
    p.add_argument("--ne", type=int, default=200, help="excitatory units")
    p.add_argument("--fields", type=int, default=10, help="receptive fields per observation")
    p.add_argument("--width", type=float, default=1.0, help="field width / centre spacing")
    p.add_argument("--pool", type=int, default=5, help="E units per input unit")
    p.add_argument("--gain", type=float, default=1.0, help="input gain g")
    p.add_argument("--noise", type=float, default=0.04, help="reservoir noise sigma")
    p.add_argument("--substeps", type=int, default=3, help="network steps per env step")
    p.add_argument("--features", choices=["reservoir", "input"], default="reservoir",
                   help="the policy's input: x(t) (mean over the substeps), or for comparison "
                   "the encoded observation u(t) without the reservoir")
    p.add_argument("--algo", choices=["reinforce", "ac"], default="reinforce", help="learning rule")
    p.add_argument("--reward", choices=["failure", "step"], default="failure",
                   help="failure: 0 per step, -1 at failure (Barto 1983); step: +1 per step")
    p.add_argument("--gamma", type=float, default=0.95, help="discount")
    p.add_argument("--lam", type=float, default=0.8, help="trace decay (ac)")
    p.add_argument("--lr-actor", type=float, default=0.05, help="actor learning rate")
    p.add_argument("--lr-critic", type=float, default=0.5,
                   help="reinforce: the baseline's step per sum of ||phi||^2; "
                   "ac: the critic's learning rate (try --lr-actor 0.1 --lr-critic 0.005)")
    p.add_argument("--baseline-episodes", type=int, default=1000,
                   help="episodes of the random policy")
    p.add_argument("--window", type=int, default=100, help="moving-mean window")
    p.add_argument("--env", choices=["auto", "builtin", "gymnasium"], default="builtin",
                   help="the environment: built-in CartPole-v0, or gymnasium's")
    p.add_argument("--no-plot", action="store_true", help="skip the PNG")
    p.add_argument("--verbose", type=int, default=0, help="print progress every N episodes")
    args = p.parse_args(argv)
    least = dict(episodes=1, fields=2, pool=1, substeps=1, ne=2, window=1, warmup=0,
                 plasticity_episodes=0, baseline_episodes=1)
    for name, low in least.items():
        if getattr(args, name) < low:
            p.error(f"--{name.replace('_', '-')} = {getattr(args, name)}: must be >= {low}")
    if args.pool * 4 * args.fields > args.ne:
        p.error(f"--pool = {args.pool}: pool * 4 * fields must not exceed ne = {args.ne}")
    return args


def main(argv=None):
    args = parse(argv)
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()

    def log(msg):
        if rank == 0:
            print(msg, flush=True)

    rows, seconds, kind, params = train(args, log)
    baseline = random_baseline(args.baseline_episodes, args.seed + 1000)
    lengths = [r[2] for r in rows]
    mean = moving_mean(lengths, args.window)
    solved = solved_at(lengths)
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "curve.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["episode", "phase", "length", f"mean{args.window}"])
            for (e, ph, n), m in zip(rows, mean):
                w.writerow([e, ph, n, f"{m:.2f}"])
        with open(os.path.join(args.out, "random.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["episode", "length"])
            w.writerows(enumerate(baseline, 1))
        summary = {
            "episodes": args.episodes, "ranks": comm.Get_size(), "env": kind,
            "wall_seconds": round(seconds, 2), "env_steps": int(sum(lengths)),
            "network_steps": int(sum(lengths) + args.episodes) * args.substeps + args.warmup,
            "final_mean": float(mean[-1]), "best_mean": float(mean[args.window - 1:].max())
            if len(mean) >= args.window else None, "solved_at_episode": solved,
            "random_mean": float(np.mean(baseline)), "network": params,
            "options": vars(args),
        }
        with open(os.path.join(args.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        if not args.no_plot:
            plot(os.path.join(args.out, "curve.png"), rows, baseline, args.window)
        log(f"{args.episodes} episodes in {seconds:.1f} s on {comm.Get_size()} rank(s): "
            f"final mean of the last {args.window} {mean[-1]:.1f}, random policy "
            f"{np.mean(baseline):.1f}, solved at episode {solved}")


if __name__ == "__main__":
    sys.exit(main())
