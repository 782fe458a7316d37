# Sourced by the container scripts: points podman at the repository's containers.conf unless the
# caller chose another one, and names the base image the Dockerfile starts from.
docker_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$docker_dir/containers.conf}"
BASE_IMAGE="docker.io/library/node:20-bookworm-slim"
BASE_IMAGE_SHORT="node:20-bookworm-slim"
