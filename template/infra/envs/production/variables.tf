variable "image_tag" {
  description = "Image tag to deploy: the git commit the deploy workflow built and pushed to this environment's registry."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (in this region) for the domain the load balancer answers on."
  type        = string
}

variable "alarm_email" {
  description = "Address that receives the alarms (confirm the subscription e-mail); empty subscribes no one."
  type        = string
  default     = ""
}
