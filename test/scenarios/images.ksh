# Images from the built-in catalogue: layers shared between nginx and redis (the alpine base),
# two tags of one image, docker-history layers, untag vs delete, refusals, bad references.
image pull nginx
image pull redis
image pull nginx:1.27
image pull nginx
image list
image show redis
image tag nginx web:v1
image tag redis web:v1
image rm 674335cd
image rm nginx
image rm nginx:1.27
image rm web:v1
image pull NGINX
image pull nginx:nope
image pull mysql
image show nginx
image list
audit query --type container --limit 4
