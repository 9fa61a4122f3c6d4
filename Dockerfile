# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY reconversion ./reconversion
COPY accounts ./accounts
COPY skills ./skills
COPY courses ./courses
COPY advisor ./advisor
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# Static files are collected at build time; whitenoise serves them compressed and hashed.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 10001 reconversion \
 && chown -R reconversion /app
USER reconversion
EXPOSE 8000
CMD ["gunicorn", "reconversion.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
