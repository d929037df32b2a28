"""gunicorn hooks of the benchmark server: each worker writes its probe figures when it exits."""


def worker_exit(server, worker):
    from bench import probe

    probe.flush()
