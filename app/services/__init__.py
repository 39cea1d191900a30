"""Use cases shared by the GUI and the command line. No Qt here.

Long jobs are generators yielding ``(done, total, stage)``; cancellation is a plain flag.
"""
