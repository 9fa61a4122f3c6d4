# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first, in a layer that is rebuilt only when pyproject.toml or constraints.txt
# change. They are read from pyproject.toml itself, so no app or package is listed here.
COPY pyproject.toml constraints.txt ./
RUN python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sep="\n")' \
      > /tmp/requirements.txt \
 && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt
# Then the whole source and the project itself: every package pyproject.toml finds is installed.
COPY . .
RUN pip install --no-cache-dir --no-deps -c constraints.txt .
# Static files are collected at build time; whitenoise serves them compressed and hashed.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 10001 reconversion \
 && chown -R reconversion /app
USER reconversion
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "reconversion.wsgi:application", "--bind", "0.0.0.0:8000"]
