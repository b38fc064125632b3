#! /usr/bin/env python3
# A list of C++ examples to run in order to ensure that they remain buildable and runnable
# over time (read by ns-3's test.py in an ns-3 source tree). Each tuple:
# (example_name, do_run, do_valgrind_run).
cpp_examples = [
    ("haaro-wire-gallery", "True", "True"),
    ("haaro-nemo-basic --duration=8 --failAt=3 --failFor=2", "True", "True"),
    ("haaro-scenario-draft-example --duration=8 --outDir=results-draft-example", "True", "True"),
    ("haaro-scenario-handover --duration=14 --outDir=results-handover", "True", "True"),
    ("haaro-scenario-failover --duration=22 --outDir=results-failover", "True", "True"),
    ("haaro-scenario-path-stretch --sites=6 --pairs=3 --duration=6 --warmup=4 "
     "--outDir=results-path-stretch", "True", "True"),
    ("haaro-scenario-convergence --sites=5 --lifetime=10 --joinWindow=5 --lateJoins=1 "
     "--lateJoinAt=10 --outDir=results-convergence", "True", "True"),
    ("haaro-scenario-nat-traversal --outDir=results-nat-traversal", "True", "True"),
    ("haaro-scenario-nat-traversal --matrix=true --outDir=results-nat-matrix", "True", "True"),
    ("haaro-scenario-storm --n=20 --duration=20 --lifetime=10 --outDir=results-storm", "True",
     "True"),
]

# Python examples: none.
python_examples = []
